/**
 * Refresh tokens as the HTTP layer uses them: issue one at login, rotate it on refresh, revoke its
 * family at logout. A token is `<family_id>.<secret>`: the family id finds the stream without an
 * index, the secret (32 random bytes) is only ever stored as its sha256.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EventStore } from '../../../stores/events/port.js';
import { DomainError } from '../../domain-error.js';
import { handleCommand, type CommandMetadata } from '../../handle.js';
import { refreshFamilyStream } from './events.js';
import { refreshFamily } from './refresh-family.js';

export interface RefreshDeps {
  store: EventStore;
  clock: () => Date;
  ttlSeconds: number;
}

const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

const hash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

function newSecret(): { secret: string; token_hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, token_hash: hash(secret) };
}

const invalid = (): DomainError =>
  new DomainError('invalid', 'refresh token is invalid, expired or revoked', '/refresh_token');

function parse(token: string): { family_id: string; presented_hash: string } {
  const match = TOKEN.exec(token);
  if (!match) throw invalid();
  return { family_id: match[1]!, presented_hash: hash(match[2]!) };
}

/** Starts a refresh-token family (a login) for the user; answers its first token. */
export async function issueRefreshToken(
  deps: RefreshDeps,
  user_id: number,
  metadata: CommandMetadata,
  /** Chosen by the caller when another event names the family first (a device code's redemption). */
  family_id: string = randomUUID(),
): Promise<string> {
  const now = deps.clock();
  const { secret, token_hash } = newSecret();
  const expires_at = new Date(now.getTime() + deps.ttlSeconds * 1000).toISOString();
  await handleCommand({
    store: deps.store,
    stream: refreshFamilyStream(family_id),
    decider: refreshFamily,
    command: { type: 'start', family_id, user_id, token_hash, expires_at },
    metadata,
    now,
  });
  return `${family_id}.${secret}`;
}

/**
 * Rotates a refresh token: answers the user id and the new token. A token that was already used
 * revokes its family (the revocation is stored) and is refused, as is any token of that family
 * afterwards. Retried once on a concurrent write, so that two refreshes racing with one token are seen as the reuse they are.
 */
export async function rotateRefreshToken(
  deps: RefreshDeps,
  token: string,
  metadata: CommandMetadata,
): Promise<{ user_id: number; refresh_token: string }> {
  const { family_id, presented_hash } = parse(token);
  const now = deps.clock();
  const { secret, token_hash } = newSecret();
  const expires_at = new Date(now.getTime() + deps.ttlSeconds * 1000).toISOString();
  const result = await handleCommand({
    store: deps.store,
    stream: refreshFamilyStream(family_id),
    decider: refreshFamily,
    command: { type: 'rotate', presented_hash, token_hash, now: now.toISOString(), expires_at },
    metadata,
    now,
    retries: 1,
  });
  if (result.state.revoked || result.state.user_id === null) throw invalid();
  return { user_id: result.state.user_id, refresh_token: `${family_id}.${secret}` };
}

/** Logout: revokes the token's family. Unknown or already revoked tokens are accepted silently. */
export async function revokeRefreshToken(deps: RefreshDeps, token: string, metadata: CommandMetadata): Promise<void> {
  const match = TOKEN.exec(token);
  if (!match) return;
  const now = deps.clock();
  await handleCommand({
    store: deps.store,
    stream: refreshFamilyStream(match[1]!),
    decider: refreshFamily,
    command: { type: 'revoke', now: now.toISOString() },
    metadata,
    now,
  });
}
