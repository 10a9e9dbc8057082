/** Signs Atlas access tokens: ES256 with `kid`, `iss`, `aud`, `sub` (the integer user id, as a string per RFC 7519). */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningKey } from './signing-key.js';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export function signAccessToken(
  key: SigningKey,
  settings: AccessTokenSettings,
  user: { user_id: number; username: string },
): AccessToken {
  const access_token = jwt.sign({ username: user.username }, key.privateKey, {
    algorithm: 'ES256',
    keyid: key.kid,
    issuer: settings.issuer,
    audience: settings.audience,
    subject: String(user.user_id),
    expiresIn: settings.ttlSeconds,
    jwtid: randomUUID(),
  });
  return { access_token, token_type: 'Bearer', expires_in: settings.ttlSeconds };
}

/** The JSON Web Key Set published at `/.well-known/jwks.json`. */
export function jwks(key: SigningKey): { keys: SigningKey['publicJwk'][] } {
  return { keys: [key.publicJwk] };
}
