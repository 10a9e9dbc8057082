/**
 * The signed-in user: tokens (kept in localStorage, so a reload or a second tab stays signed in),
 * the user from `/api/v1/me`, sign-in, registration, sign-out, and renewal. Renewal is shared by
 * every caller and every tab (Web Locks), because Atlas rotates refresh tokens: two tabs renewing
 * with the same one at once would sign each other out.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { atlas, type Tokens, type User } from '../api/atlas.js';
import { useTokenSource } from '../api/client.js';
import { ProblemError } from '../api/problem.js';

const STORAGE_KEY = 'atlas.session';
/** Renew this long before the access token expires. */
const EARLY_MS = 30_000;

interface Stored {
  access_token: string;
  refresh_token: string;
  /** Epoch ms when the access token expires. */
  expires_at: number;
}

function readStored(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Stored>;
    if (typeof value.access_token !== 'string' || typeof value.refresh_token !== 'string') return null;
    if (typeof value.expires_at !== 'number') return null;
    return value as Stored;
  } catch {
    return null;
  }
}

function writeStored(value: Stored | null): void {
  if (value) localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else localStorage.removeItem(STORAGE_KEY);
}

const stored = (tokens: Tokens): Stored => ({
  access_token: tokens.access_token,
  refresh_token: tokens.refresh_token,
  expires_at: Date.now() + tokens.expires_in * 1000,
});

/** Runs `work` under a lock shared by the tabs of this origin (or alone where Web Locks are missing). */
async function exclusively<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request('atlas.session', work);
  return work();
}

export const useSession = defineStore('session', () => {
  const tokens = ref<Stored | null>(readStored());
  const user = ref<User | null>(null);
  /** Why the user was sent to sign in (a renewal that failed), shown on the sign-in page once. */
  const endedBecause = ref<string | null>(null);
  const signedIn = computed(() => tokens.value !== null);
  let renewing: Promise<string | null> | null = null;

  function end(reason: string | null): void {
    tokens.value = null;
    user.value = null;
    writeStored(null);
    endedBecause.value = reason;
  }

  /** Renews with the refresh token; another tab's fresher token is taken instead of renewing twice. */
  function renew(staleAccess: string | null): Promise<string | null> {
    renewing ??= exclusively(async () => {
      const latest = readStored();
      if (!latest) {
        end('You were signed out in another tab.');
        return null;
      }
      if (latest.access_token !== staleAccess && latest.expires_at - Date.now() > EARLY_MS) {
        tokens.value = latest;
        return latest.access_token;
      }
      try {
        const next = stored(await atlas.refresh(latest.refresh_token));
        writeStored(next);
        tokens.value = next;
        return next.access_token;
      } catch (error) {
        if (error instanceof ProblemError && error.status === 0) throw error;
        end('Your session has ended. Sign in again to go on.');
        return null;
      }
    }).finally(() => {
      renewing = null;
    });
    return renewing;
  }

  useTokenSource({
    accessToken: async () => {
      const current = tokens.value;
      if (!current) return null;
      if (current.expires_at - Date.now() > EARLY_MS) return current.access_token;
      return renew(current.access_token);
    },
    renewAfterRejection: (rejected) => renew(rejected),
  });

  async function loadUser(): Promise<User | null> {
    if (!tokens.value) return null;
    user.value ??= await atlas.me();
    return user.value;
  }

  async function signIn(username: string, password: string): Promise<void> {
    const next = stored(await atlas.login(username, password));
    writeStored(next);
    tokens.value = next;
    endedBecause.value = null;
    user.value = null;
    await loadUser();
  }

  async function register(username: string, email: string, password: string): Promise<void> {
    await atlas.register(username, email, password);
    await signIn(username, password);
  }

  async function signOut(): Promise<void> {
    const refresh = tokens.value?.refresh_token;
    end(null);
    if (refresh) await atlas.logout(refresh).catch(() => undefined);
  }

  // Another tab signed in, renewed or signed out: follow it.
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY) return;
      const latest = readStored();
      if (!latest) end('You were signed out in another tab.');
      else tokens.value = latest;
    });
  }

  return { tokens, user, signedIn, endedBecause, loadUser, signIn, register, signOut };
});
