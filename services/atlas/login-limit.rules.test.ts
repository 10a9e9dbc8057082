/**
 * The login limiter's rules at their boundaries, on a fake clock (milliseconds), with the default
 * numbers unless a test says otherwise: the pair lockout, the username delay, the address limit,
 * attempts in flight, address keys and the memory bound. Over HTTP: login-limit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  addressKey,
  defaultLoginLimits,
  LoginLimiter,
  usernameDelayMs,
  type LoginAttempt,
  type LoginLimits,
} from './login-limit.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const D = defaultLoginLimits;

/** A limiter on a clock the test moves, with helpers that say what each attempt must give. */
function world(limits: LoginLimits = D) {
  let t = 1_000_000;
  const limiter = new LoginLimiter(limits, () => t);
  function admitted(user: string, ip: string): LoginAttempt {
    const admission = limiter.admit(user, ip);
    if (!admission.admitted)
      throw new Error(`${user} from ${ip} at ${t} refused for ${admission.retryAfterSeconds} s, expected admitted`);
    return admission.attempt;
  }
  return {
    limiter,
    at: () => t,
    advance(ms: number) {
      t += ms;
    },
    admitted,
    fail: (user: string, ip: string) => admitted(user, ip).failed(),
    succeed: (user: string, ip: string) => admitted(user, ip).succeeded(),
    /** The Retry-After of a refused attempt (fails the test when it is admitted). */
    refused(user: string, ip: string): number {
      const admission = limiter.admit(user, ip);
      if (admission.admitted) {
        admission.attempt.abandoned();
        throw new Error(`${user} from ${ip} at ${t} admitted, expected refused`);
      }
      return admission.retryAfterSeconds;
    },
  };
}

/** Only one rule at work: the others set out of reach. */
const onlyPair: LoginLimits = { ...D, username: { ...D.username, freeFailures: 1_000_000 } };
const onlyAddress: LoginLimits = onlyPair;

const A = '198.51.100.1';
const B = '198.51.100.2';
/** A fresh address per call, so that neither the pair nor the address rule is reached. */
let next = 0;
const fresh = () => `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next++ & 255}`;

describe('pair lockout: (username, address)', () => {
  it('the 10th failure is still checked; from the 11th attempt on, even the right password waits, for 15 minutes; only that pair', () => {
    const w = world(onlyPair);
    for (let i = 1; i <= 10; i += 1) w.fail('alice', A);
    expect(w.refused('alice', A)).toBe(15 * 60);
    expect(w.refused('ALICE', A), 'the username in any case').toBe(15 * 60);
    w.succeed('alice', B); // the same user from another address
    w.succeed('bob', A); // another user from the same address
  });

  it('the lock lasts 15 minutes from the 10th failure, to the millisecond, then the pair starts afresh', () => {
    const w = world(onlyPair);
    w.fail('alice', A);
    w.advance(14 * MINUTE); // the 10th failure late in the window
    for (let i = 2; i <= 10; i += 1) w.fail('alice', A);
    w.advance(15 * MINUTE - 1);
    expect(w.refused('alice', A), 'Retry-After rounds up').toBe(1);
    w.advance(1);
    for (let i = 1; i <= 9; i += 1) w.fail('alice', A);
    w.admitted('alice', A).abandoned(); // 9 failures do not lock
    w.fail('alice', A);
    expect(w.refused('alice', A)).toBe(15 * 60);
  });

  it('the window is 15 minutes from the first failure: the 10th failure just inside it locks, exactly at its end it counts as the first of a new one', () => {
    const inside = world(onlyPair);
    inside.fail('alice', A);
    for (let i = 2; i <= 9; i += 1) inside.fail('alice', A);
    inside.advance(15 * MINUTE - 1);
    inside.fail('alice', A);
    expect(inside.refused('alice', A)).toBe(15 * 60);

    const atEnd = world(onlyPair);
    for (let i = 1; i <= 9; i += 1) atEnd.fail('alice', A);
    atEnd.advance(15 * MINUTE);
    for (let i = 1; i <= 9; i += 1) atEnd.fail('alice', A); // a new window: 9 so far
    atEnd.admitted('alice', A).abandoned();
    atEnd.fail('alice', A);
    expect(atEnd.refused('alice', A)).toBe(15 * 60);
  });

  it('a success clears that pair, and no other pair of the username', () => {
    const w = world(onlyPair);
    for (let i = 1; i <= 9; i += 1) w.fail('alice', A);
    for (let i = 1; i <= 9; i += 1) w.fail('alice', B);
    w.succeed('alice', A);
    for (let i = 1; i <= 9; i += 1) w.fail('alice', A);
    w.admitted('alice', A).abandoned(); // 9 since the success
    w.fail('alice', B); // B's 10th: the success from A did not clear B
    expect(w.refused('alice', B)).toBe(15 * 60);
  });
});

describe('username delay: failures from every address', () => {
  /** Fails `n` times for the username, each from a fresh address, as soon as the delay allows. */
  function failFromEverywhere(w: ReturnType<typeof world>, user: string, n: number) {
    for (let i = 0; i < n; i += 1) {
      const ip = fresh();
      let admission = w.limiter.admit(user, ip);
      if (!admission.admitted) {
        w.advance(admission.retryAfterSeconds * SECOND);
        admission = w.limiter.admit(user, ip);
      }
      if (!admission.admitted) throw new Error(`${user} still refused after its Retry-After`);
      admission.attempt.failed();
    }
  }

  it('5 failures are free; then the waits are 1, 2, 4, … 256 s, and 300 s from the 14th failure on, to the millisecond', () => {
    const w = world();
    for (let i = 1; i <= 5; i += 1) w.fail('alice', fresh());
    const waits: number[] = [];
    for (let failures = 5; failures <= 20; failures += 1) {
      const wait = usernameDelayMs(D.username, failures);
      waits.push(wait / SECOND);
      w.advance(wait - 1);
      expect(w.refused('alice', fresh()), `after ${failures} failures`).toBe(1);
      w.advance(1);
      w.fail('alice', fresh());
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300, 300, 300, 300]);
  });

  it('an attempt within the delay is refused without checking, the right password too, with the time left as Retry-After', () => {
    const w = world();
    failFromEverywhere(w, 'alice', 10); // next wait 32 s
    w.advance(10 * SECOND);
    expect(w.refused('alice', fresh())).toBe(22);
    expect(w.refused('Alice', fresh()), 'the username in any case').toBe(22);
    w.advance(21_500);
    expect(w.refused('alice', fresh()), 'rounded up').toBe(1);
    // A refused attempt does not count: the wait did not grow.
    w.advance(500);
    w.succeed('alice', fresh());
  });

  it('a success does not clear the username failures (they may come from elsewhere): the next unknown address still waits', () => {
    const w = world();
    failFromEverywhere(w, 'alice', 10);
    w.advance(32 * SECOND);
    w.succeed('alice', B);
    // The failures stay at 10, so the wait after them (32 s from the last failure) is long over,
    // and the next failure makes it 64 s.
    w.fail('alice', fresh());
    expect(w.refused('alice', fresh())).toBe(64);
  });

  /** Fails for the username from everywhere up to the cap, and keeps it there until `time`: the last failure is less than the cap before. */
  function attackUntil(w: ReturnType<typeof world>, user: string, time: number) {
    failFromEverywhere(w, user, 14);
    while (w.at() + D.username.maxDelaySeconds * SECOND <= time) failFromEverywhere(w, user, 1);
    w.advance(time - w.at());
  }

  it('an address the owner logged in from is exempt from the delay, for 30 days from the last success there', () => {
    const w = world();
    w.succeed('alice', B);
    const until = w.at() + 30 * 24 * 60 * MINUTE;
    failFromEverywhere(w, 'alice', 20);
    expect(w.refused('alice', fresh())).toBe(300);
    w.admitted('alice', B).abandoned();

    attackUntil(w, 'alice', until - 1);
    expect(w.refused('alice', fresh())).toBeGreaterThan(0);
    w.admitted('alice', B).abandoned();
    w.advance(1);
    expect(w.refused('alice', B)).toBeGreaterThan(0);

    // Each success renews it.
    const renewed = world();
    renewed.succeed('alice', B);
    renewed.advance(20 * 24 * 60 * MINUTE);
    renewed.succeed('alice', B);
    attackUntil(renewed, 'alice', renewed.at() + 30 * 24 * 60 * MINUTE - 1);
    renewed.admitted('alice', B).abandoned();
  });

  it('a known pair still locks on its own failures', () => {
    const w = world();
    w.succeed('alice', B);
    for (let i = 1; i <= 10; i += 1) w.fail('alice', B); // no delay between them: B is known
    expect(w.refused('alice', B)).toBe(15 * 60);
  });

  it('the failures are forgotten an hour after the last one, to the millisecond', () => {
    const kept = world();
    failFromEverywhere(kept, 'alice', 6); // next wait 2 s
    kept.advance(60 * MINUTE - 1);
    kept.fail('alice', fresh()); // the 7th
    expect(kept.refused('alice', fresh())).toBe(4);

    const forgotten = world();
    failFromEverywhere(forgotten, 'alice', 6);
    forgotten.advance(60 * MINUTE);
    for (let i = 1; i <= 5; i += 1) forgotten.fail('alice', fresh()); // free again
    expect(forgotten.refused('alice', fresh())).toBe(1);
  });

  it('other usernames are not delayed', () => {
    const w = world();
    failFromEverywhere(w, 'alice', 20);
    w.succeed('bob', fresh());
  });
});

describe('address limit: failures for any usernames from one address', () => {
  it('the 100th failure is still checked; then every attempt from the address waits 15 minutes, also a user who never failed, and not from elsewhere', () => {
    const w = world(onlyAddress);
    for (let i = 0; i < 99; i += 1) w.fail(`sprayed-${i}`, A);
    w.succeed('carol', A); // the 99 failures do not touch carol
    w.fail('sprayed-99', A);
    expect(w.refused('carol', A)).toBe(15 * 60);
    expect(w.refused('sprayed-100', A)).toBe(15 * 60);
    w.succeed('carol', B);
    w.advance(15 * MINUTE - 1);
    expect(w.refused('carol', A)).toBe(1);
    w.advance(1);
    w.succeed('carol', A);
  });

  it('successes neither count nor clear the failures', () => {
    const w = world(onlyAddress);
    for (let i = 0; i < 500; i += 1) w.succeed(`user-${i}`, A);
    for (let i = 0; i < 99; i += 1) w.fail(`sprayed-${i}`, A);
    for (let i = 0; i < 500; i += 1) w.succeed(`user-${i}`, A);
    w.fail('sprayed-99', A);
    expect(w.refused('user-0', A)).toBe(15 * 60);
  });

  it('the window is 15 minutes from the first failure: exactly at its end the count starts again', () => {
    const w = world(onlyAddress);
    for (let i = 0; i < 99; i += 1) w.fail(`sprayed-${i}`, A);
    w.advance(15 * MINUTE);
    for (let i = 0; i < 99; i += 1) w.fail(`again-${i}`, A);
    w.succeed('carol', A);
  });

  it('an IPv6 address counts by its /64; an IPv4-mapped address as its IPv4 address', () => {
    const w = world(onlyAddress);
    for (let i = 0; i < 100; i += 1) w.fail(`sprayed-${i}`, `2001:db8:1:2::${(i + 1).toString(16)}`);
    expect(w.refused('carol', '2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe(15 * 60);
    w.succeed('carol', '2001:db8:1:3::1');

    for (let i = 0; i < 100; i += 1) w.fail(`sprayed-${i}`, `::ffff:${A}`);
    expect(w.refused('carol', A)).toBe(15 * 60);
  });
});

describe('attempts in flight count as failures until they settle', () => {
  it('the pair: 10 concurrent attempts, and the 11th waits a second; a success or an abandoned attempt frees its place', () => {
    const w = world(onlyPair);
    const inFlight = Array.from({ length: 10 }, () => w.admitted('alice', A));
    expect(w.refused('alice', A)).toBe(1);
    inFlight.pop()!.succeeded();
    inFlight.pop()!.abandoned();
    const two = [w.admitted('alice', A), w.admitted('alice', A)];
    expect(w.refused('alice', A)).toBe(1);
    for (const attempt of [...inFlight, ...two]) attempt.failed();
    expect(w.refused('alice', A)).toBe(15 * 60);
  });

  it('the username: 5 free attempts at once, then one at a time', () => {
    const w = world();
    const free = Array.from({ length: 5 }, () => w.admitted('alice', fresh()));
    expect(w.refused('alice', fresh())).toBe(1);
    for (const attempt of free) attempt.failed();
    w.advance(SECOND);
    const delayed = w.admitted('alice', fresh());
    expect(w.refused('alice', fresh()), 'while the delayed attempt is checked').toBe(1);
    delayed.failed();
    expect(w.refused('alice', fresh())).toBe(2);
  });

  it('the address: 100 concurrent attempts, then a second wait', () => {
    const w = world(onlyAddress);
    const inFlight = Array.from({ length: 100 }, (_, i) => w.admitted(`user-${i}`, A));
    expect(w.refused('carol', A)).toBe(1);
    for (const attempt of inFlight) attempt.succeeded();
    w.succeed('carol', A);
    expect(w.limiter.sizes().inFlight).toBe(0);
  });

  it('an attempt settles once: later calls are ignored', () => {
    const w = world(onlyPair);
    const attempt = w.admitted('alice', A);
    attempt.succeeded();
    for (let i = 0; i < 20; i += 1) attempt.failed();
    for (let i = 1; i <= 9; i += 1) w.fail('alice', A);
    w.admitted('alice', A).abandoned();
  });
});

describe('memory', () => {
  it('stays bounded under a flood of distinct usernames and addresses: each table keeps at most maxEntries', () => {
    const w = world({ ...D, maxEntries: 1_000 });
    for (let i = 0; i < 20_000; i += 1) {
      const ip = fresh();
      w.fail(`flood-${i}`, ip);
      w.succeed(`flood-${i}-ok`, ip);
    }
    expect(w.limiter.sizes()).toEqual({
      pairs: 1_000,
      usernames: 1_000,
      addresses: 1_000,
      knownPairs: 1_000,
      inFlight: 0,
    });
  });

  it('refused attempts add no entries', () => {
    const w = world(onlyAddress);
    for (let i = 0; i < 100; i += 1) w.fail(`sprayed-${i}`, A);
    const before = w.limiter.sizes();
    for (let i = 0; i < 1_000; i += 1) w.refused(`other-${i}`, A);
    expect(w.limiter.sizes()).toEqual(before);
  });
});

describe('addressKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::198.51.100.7', '64:ff9b:0:0::/64'],
    ['', ''],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});

describe('limits', () => {
  it('refuses nonsense numbers', () => {
    expect(() => new LoginLimiter({ ...D, pair: { ...D.pair, failures: 0 } })).toThrow(RangeError);
    expect(() => new LoginLimiter({ ...D, username: { ...D.username, forgetAfterSeconds: 60 } })).toThrow(
      /forgetAfterSeconds/,
    );
    expect(() => new LoginLimiter({ ...D, maxEntries: 0 })).toThrow(RangeError);
  });
});
