/**
 * For tests: the Atlas application services over a real SQLite event store in a temp dir, with a
 * clock that ticks one second per reading and a cheaper (still real) scrypt cost.
 */
import { expect } from 'vitest';
import { DomainError } from '../../domain-error.js';
import { StateCache } from '../../state-cache.js';
import { openTempEventStore } from '../../temp-event-store.js';
import type { Actor } from '../../command.js';
import type { AccountDeps } from './register-user.js';
import { registerUser } from './register-user.js';

export type Registrant = Actor & { organization_id: string };

export interface World {
  deps: AccountDeps;
  /** Registers `username` (email `<username>@example.com`, password `secure123`). */
  register(username: string): Promise<Registrant>;
  /** Registers several users at once, in no particular order of ids. */
  registerAll<const Names extends readonly string[]>(...names: Names): Promise<{ [K in keyof Names]: Registrant }>;
  /** Position of the last event in the log: unchanged when a command was refused. */
  head(): Promise<number>;
  /** The refusal of `command`, checking that it appended nothing. */
  refused(command: () => Promise<unknown>): Promise<DomainError>;
  dispose(): Promise<void>;
}

export function openWorld({ cache = true } = {}): World {
  const temp = openTempEventStore();
  let tick = Date.parse('2026-03-01T09:00:00.000Z');
  const deps: AccountDeps = {
    store: temp.store,
    clock: () => new Date((tick += 1000)),
    passwordCost: { N: 2 ** 12, r: 8, p: 1 },
    ...(cache ? { cache: new StateCache() } : {}),
  };
  async function register(username: string): Promise<Registrant> {
    const { user, organization } = await registerUser(deps, {
      username,
      email: `${username}@example.com`,
      password: 'secure123',
    });
    return { user_id: user.id, organization_id: organization.id };
  }
  const head = () => temp.store.headPosition();
  async function refused(command: () => Promise<unknown>): Promise<DomainError> {
    const before = await head();
    const error = await command().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(await head(), 'a refused command appends nothing').toBe(before);
    return error as DomainError;
  }
  return {
    deps,
    register,
    refused,
    registerAll: (...names) => Promise.all(names.map(register)) as never,
    head,
    dispose: () => temp.dispose(),
  };
}
