import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain-error.js';
import { organizationStream, usernameStream, userIdsStream, userStream } from '../events.js';
import { openWorld, type World } from './fixture.js';
import { correlationUuid } from '../../command.js';
import { registerUser } from './register-user.js';
import { authenticate, getUser } from './users.js';

let world: World;
beforeEach(() => {
  world = openWorld();
});
afterEach(async () => {
  await world.dispose();
});

const john = { username: 'john_doe', email: 'john@example.com', password: 'secure123' };

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('registerUser', () => {
  it('creates the user with the next integer id and a personal organization they own', async () => {
    const { user, organization } = await registerUser(world.deps, john);
    expect(user).toEqual({
      id: 1,
      username: 'john_doe',
      email: 'john@example.com',
      personal_organization_id: organization.id,
      registered_at: user.registered_at,
    });
    expect(user).not.toHaveProperty('password_hash');
    expect(organization).toMatchObject({
      name: "john_doe's Organization",
      owner_id: 1,
      personal: true,
      timezone: 'UTC',
      members: [{ user_id: 1, username: 'john_doe', role: 'owner' }],
    });
    const second = await registerUser(world.deps, {
      username: 'jane',
      email: 'jane@example.com',
      password: 'secure123',
    });
    const third = await registerUser(world.deps, { username: 'max', email: 'max@example.com', password: 'secure123' });
    expect([second.user.id, third.user.id]).toEqual([2, 3]);
  });

  it('writes each step as an event caused by the one before, in one correlation', async () => {
    const { user, organization } = await registerUser(world.deps, john, {
      correlation_id: '00000000-0000-4000-8000-00000000000f',
    });
    const [allocation] = await world.deps.store.readStream(userIdsStream);
    const [registered] = await world.deps.store.readStream(userStream(user.id));
    const org = await world.deps.store.readStream(organizationStream(organization.id));
    expect(allocation!.metadata).toMatchObject({
      correlation_id: '00000000-0000-4000-8000-00000000000f',
      user_id: null,
    });
    expect(registered!.metadata).toMatchObject({ causation_id: allocation!.id, user_id: 1 });
    expect(registered!.data).toMatchObject({
      user_id: 1,
      username: 'john_doe',
      personal_organization_id: organization.id,
    });
    expect((registered!.data as { password_hash: string }).password_hash).toMatch(/^scrypt\$/);
    expect(org.map((e) => e.type)).toEqual(['atlas.OrganizationCreated', 'atlas.MemberAdded']);
    expect(org[0]!.metadata.causation_id).toBe(registered!.id);
    expect(org[1]!.data).toMatchObject({ user_id: 1, username: 'john_doe', role: 'owner' });
  });

  it('carries a request id that is not a UUID as a stable UUID', async () => {
    const { user } = await registerUser(world.deps, john, { correlation_id: 'req-0000001' });
    const [registered] = await world.deps.store.readStream(userStream(user.id));
    expect(registered!.metadata.correlation_id).toBe(correlationUuid('req-0000001'));
  });

  it('refuses a username already taken, in any case, appending nothing', async () => {
    await registerUser(world.deps, john);
    const head = await world.head();
    const error = await refusal(
      registerUser(world.deps, { ...john, username: 'John_Doe', email: 'other@example.com' }),
    );
    expect(error).toMatchObject({ kind: 'conflict', pointer: '/username' });
    expect(await world.head()).toBe(head);
  });

  it('refuses an email already taken (in any case), and leaves the username free', async () => {
    await registerUser(world.deps, john);
    const error = await refusal(
      registerUser(world.deps, { username: 'johnny', email: 'JOHN@example.com', password: 'secure123' }),
    );
    expect(error).toMatchObject({ kind: 'conflict', pointer: '/email' });
    const { user } = await registerUser(world.deps, {
      username: 'johnny',
      email: 'johnny@example.com',
      password: 'secure123',
    });
    expect(user.username).toBe('johnny');
  });

  it('when registrations race for one email, one wins and the others release their usernames', async () => {
    const names = ['ann', 'bob', 'cid', 'dee', 'eve'];
    const outcomes = await Promise.allSettled(
      names.map((username) =>
        registerUser(world.deps, { username, email: 'shared@example.com', password: 'secure123' }),
      ),
    );
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const losers = names.filter((_, i) => outcomes[i]!.status === 'rejected');
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected')
        expect(outcome.reason, names[i]).toMatchObject({ kind: 'conflict', pointer: '/email' });
    }
    // All five passed the early check together, so the losers did reserve their names, then released them.
    for (const username of losers) {
      const events = await world.deps.store.readStream(usernameStream(username));
      expect(events.map((e) => e.type)).toEqual(['atlas.UsernameReserved', 'atlas.UsernameReleased']);
      await registerUser(world.deps, { username, email: `${username}@example.com`, password: 'secure123' });
    }
  });

  it('20 registrations at once get 20 distinct ids and lose nothing', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `user${i}`);
    const results = await Promise.all(
      names.map((username) =>
        registerUser(world.deps, { username, email: `${username}@example.com`, password: 'secure123' }),
      ),
    );
    const ids = results.map((r) => r.user.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const { user, organization } of results) {
      expect(await getUser(world.deps, user.id)).toEqual(user);
      expect(organization.members).toEqual([expect.objectContaining({ user_id: user.id, role: 'owner' })]);
    }
    expect(await world.deps.store.readStream(userIdsStream)).toHaveLength(20);
  });

  it('validates its input, pointing at each offending field', async () => {
    const error = await refusal(registerUser(world.deps, { username: 'a b', email: 'nope', password: 'short' }));
    expect(error.kind).toBe('invalid');
    expect(error.issues.map((i) => i.pointer).sort()).toEqual(['/email', '/password', '/username']);
    expect(await world.head()).toBe(0);
  });
});

describe('authenticate', () => {
  it('finds the user by username in any case and the right password only', async () => {
    const { user } = await registerUser(world.deps, john);
    expect(await authenticate(world.deps, { username: 'john_doe', password: 'secure123' })).toEqual(user);
    expect(await authenticate(world.deps, { username: 'JOHN_DOE', password: 'secure123' })).toEqual(user);
    expect(await authenticate(world.deps, { username: 'john_doe', password: 'secure124' })).toBeNull();
    expect(await authenticate(world.deps, { username: 'nobody', password: 'secure123' })).toBeNull();
  });

  it('refuses a malformed login as invalid', async () => {
    const error = await refusal(authenticate(world.deps, { username: '', password: 1 }));
    expect(error.kind).toBe('invalid');
  });
});

describe('getUser', () => {
  it('answers null for ids nobody holds', async () => {
    expect(await getUser(world.deps, 1)).toBeNull();
    expect(await getUser(world.deps, -3)).toBeNull();
  });
});
