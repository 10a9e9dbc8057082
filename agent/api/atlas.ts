/** The Atlas (:8000) calls the agent makes: sign in (three ways), refresh, sign out, who am I. */
import { z } from 'zod';
import { call } from './http.js';

export const Tokens = z.object({
  access_token: z.string().min(1),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
  refresh_token: z.string().min(1),
});
export type Tokens = z.infer<typeof Tokens>;

export const Me = z.looseObject({ id: z.number().int().positive(), username: z.string() });
export type Me = z.infer<typeof Me>;

export const DeviceCode = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().min(1),
  expires_in: z.number().int().positive(),
  interval: z.number().int().positive(),
});
export type DeviceCode = z.infer<typeof DeviceCode>;

export class AtlasApi {
  constructor(private readonly baseUrl: string) {}

  login(username: string, password: string): Promise<Tokens> {
    return call(`${this.baseUrl}/api/v1/auth/login`, Tokens, { body: { username, password } });
  }

  refresh(refresh_token: string): Promise<Tokens> {
    return call(`${this.baseUrl}/api/v1/auth/refresh`, Tokens, { body: { refresh_token } });
  }

  logout(refresh_token: string): Promise<undefined> {
    return call(`${this.baseUrl}/api/v1/auth/logout`, z.undefined(), { body: { refresh_token } });
  }

  me(token: string): Promise<Me> {
    return call(`${this.baseUrl}/api/v1/me`, Me, { token });
  }

  deviceCode(client_name: string): Promise<DeviceCode> {
    return call(`${this.baseUrl}/api/v1/auth/device/code`, DeviceCode, { body: { client_name } });
  }

  deviceToken(device_code: string): Promise<Tokens> {
    return call(`${this.baseUrl}/api/v1/auth/device/token`, Tokens, { body: { device_code } });
  }
}
