import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('encodes algorithm, cost, salt and hash, and verifies the right password only', async () => {
    const encoded = await hashPassword('secure123');
    const { N, r, p } = DEFAULT_SCRYPT_COST;
    expect(encoded).toMatch(new RegExp(`^scrypt\\$${N}\\$${r}\\$${p}\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(await verifyPassword('secure123', encoded)).toBe(true);
    expect(await verifyPassword('secure124', encoded)).toBe(false);
    expect(await verifyPassword('', encoded)).toBe(false);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(a).not.toBe(b);
  });

  it('reads the cost from the encoding, so older costs keep verifying', async () => {
    const cheap = await hashPassword('secure123', { N: 2 ** 10, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('secure123', cheap)).toBe(true);
  });

  it('refuses malformed or extravagant encodings instead of throwing', async () => {
    const encoded = await hashPassword('secure123', { N: 2 ** 10, r: 8, p: 1 });
    const [, , , , salt, hash] = encoded.split('$');
    for (const bad of [
      '',
      'bcrypt$2b$10$abc',
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // N beyond the ceiling
      `scrypt$1024$8$1$${salt}$AAAA`, // hash too short
      `scrypt$1024$8$1$${salt}`,
    ]) {
      expect(await verifyPassword('secure123', bad), bad).toBe(false);
    }
  });
});
