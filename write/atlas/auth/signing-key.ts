/**
 * Atlas's token signing key: an ES256 (P-256) key pair generated on first start and kept in the
 * data dir, so tokens survive restarts. Written to a temp file and renamed, so a crash never
 * leaves half a key; readable by the owner only.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public half as a JWK with `kid`, `alg`, `use`, for `/.well-known/jwks.json`. */
  publicJwk: JsonWebKey & { kid: string; alg: 'ES256'; use: 'sig' };
}

const KeyFileSchema = z.object({
  kid: z.string().min(1),
  created_at: z.string(),
  private_jwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }),
});

export const SIGNING_KEY_FILE = 'signing-key.json';

export function loadOrCreateSigningKey(dataDir: string): SigningKey {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  if (!fs.existsSync(file)) create(file);
  const parsed = KeyFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid Atlas signing key; move it away to generate a new one`);
  const privateKey = createPrivateKey({ key: parsed.data.private_jwk, format: 'jwk' });
  const publicKey = createPublicKey(privateKey);
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return {
    kid: parsed.data.kid,
    privateKey,
    publicKey,
    publicJwk: { kty, crv, x, y, kid: parsed.data.kid, alg: 'ES256', use: 'sig' },
  };
}

function create(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const content = JSON.stringify(
    { kid: randomUUID(), created_at: new Date().toISOString(), private_jwk: privateKey.export({ format: 'jwk' }) },
    null,
    2,
  );
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
}
