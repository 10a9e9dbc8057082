/** `users`: who is registered, without email or password hash (models.ts). */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { UserRegistered } from '../../write/atlas/events.js';
import { eventReader } from '../event-reader.js';
import { ATLAS_COLLECTIONS, type UserDoc } from './models.js';
import { upsert } from './writes-by-id.js';

const users = ATLAS_COLLECTIONS.users;
const read = eventReader(UserRegistered);

export function projectUsers(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  if (event?.type !== 'atlas.UserRegistered') return [];
  const { user_id, username, personal_organization_id, registered_at } = event.data;
  const fields: Omit<UserDoc, '_id'> = { id: user_id, username, personal_organization_id, registered_at };
  return [upsert(users, String(user_id), { $set: fields })];
}

export const usersProjection: Projection = {
  name: 'atlas_users',
  version: 1,
  collections: { [users]: { indexes: [] } },
  project: projectUsers,
};
