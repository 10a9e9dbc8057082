/**
 * Who to add to an organization, as typed: a user id (all digits) or a username (anything else).
 * Atlas's `POST /organizations/:id/members` takes `{user_id, role}`, and `{username, role}` as an
 * alternative body; whatever Atlas refuses, the view shows its problem's detail.
 */
export type MemberReference = { user_id: number } | { username: string };

export function memberReference(typed: string): MemberReference | null {
  const text = typed.trim();
  if (text === '') return null;
  if (/^[0-9]+$/.test(text)) return { user_id: Number(text) };
  return { username: text.replace(/^@/, '') };
}
