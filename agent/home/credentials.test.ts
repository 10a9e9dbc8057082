/** The credentials file: round trip, who may read it, what a damaged file says, and that no password fits in it. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Credentials, credentialsFile, deleteCredentials, readCredentials, writeCredentials } from './credentials.js';

const alice: Credentials = {
  atlas_url: 'http://localhost:8001',
  user_id: 7,
  username: 'alice',
  access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
  access_expires_at: Date.parse('2026-05-04T10:00:00Z'),
  refresh_token: 'refresh-1',
  method: 'password',
};

const modeOf = (file: string) => statSync(file).mode & 0o777;

let dir: string;
let home: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-agent-credentials-'));
  home = path.join(dir, 'home');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('credentials', () => {
  it('reads back what it wrote, and null when nobody signed in', () => {
    expect(readCredentials(home)).toBeNull();
    writeCredentials(home, alice);
    expect(readCredentials(home)).toEqual(alice);
    const pasted: Credentials = { ...alice, refresh_token: null, method: 'token' };
    writeCredentials(home, pasted);
    expect(readCredentials(home)).toEqual(pasted);
    expect(readdirSync(home)).toEqual(['credentials.json']); // no temporary file left behind
  });

  it('is readable by the user alone: the file 0600 in a 0700 folder', () => {
    writeCredentials(home, alice);
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(credentialsFile(home))).toBe(0o600);
  });

  it('tightens a folder and a file that were open to others', () => {
    mkdirSync(home, { mode: 0o755 });
    chmodSync(home, 0o755);
    writeFileSync(credentialsFile(home), '{}', { mode: 0o644 });
    chmodSync(credentialsFile(home), 0o644);
    writeCredentials(home, alice);
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(credentialsFile(home))).toBe(0o600);
  });

  it('names the command to run when the file has the wrong shape', () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(credentialsFile(home), JSON.stringify({ ...alice, user_id: 'seven' }));
    expect(() => readCredentials(home)).toThrow(/is damaged; run `atlas-agent login` again/);
    writeFileSync(credentialsFile(home), '[]');
    expect(() => readCredentials(home)).toThrow(/atlas-agent login/);
  });

  it('names the command to run when the file is not JSON (truncated)', () => {
    mkdirSync(home, { recursive: true });
    writeFileSync(credentialsFile(home), JSON.stringify(alice).slice(0, 40));
    expect(() => readCredentials(home)).toThrow(/is damaged; run `atlas-agent login` again/);
    writeFileSync(credentialsFile(home), '');
    expect(() => readCredentials(home)).toThrow(/is damaged; run `atlas-agent login` again/);
  });

  it('has no room for a password: extra keys are refused on write and on read', () => {
    const withPassword = { ...alice, password: 'hunter2' } as Credentials;
    expect(() => writeCredentials(home, withPassword)).toThrow();
    expect(readCredentials(home)).toBeNull();
    expect(Credentials.safeParse(withPassword).success).toBe(false);
    mkdirSync(home, { recursive: true });
    writeFileSync(credentialsFile(home), JSON.stringify(withPassword));
    expect(() => readCredentials(home)).toThrow(/atlas-agent login/);
  });

  it('refuses an empty access token and a non-positive user id', () => {
    expect(Credentials.safeParse({ ...alice, access_token: '' }).success).toBe(false);
    expect(Credentials.safeParse({ ...alice, refresh_token: '' }).success).toBe(false);
    expect(Credentials.safeParse({ ...alice, user_id: 0 }).success).toBe(false);
    expect(Credentials.safeParse({ ...alice, method: 'magic' }).success).toBe(false);
  });

  it('deletes the file, and deleting twice is fine', () => {
    writeCredentials(home, alice);
    deleteCredentials(home);
    expect(readCredentials(home)).toBeNull();
    deleteCredentials(home);
    deleteCredentials(path.join(dir, 'never-made'));
  });
});
