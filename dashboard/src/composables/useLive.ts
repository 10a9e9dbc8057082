/**
 * Keeps a view's data fresh. While the service's live stream is open, each notice it accepts
 * (debounced, ~100 ms, so a burst is one reload) calls `onNotice`, which reloads through
 * `useLoad`'s `reload` (the data stays on screen: no "Loading…"). While the stream is down or
 * the service has none, it refreshes every 30 s instead, and at once when the tab is shown again;
 * it also refreshes when the stream comes back, for what it missed. It stops when the view goes.
 */
import { getCurrentScope, onScopeDispose, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue';
import type { DashboardService } from '../../services.js';
import { openLive, type LiveNotice } from '../api/live.js';
import type { LiveState } from '../lib/live-state.js';

export const REFRESH_SECONDS = 30;
const DEBOUNCE_MS = 100;

export interface UseLiveOptions {
  /** Which notices concern the view (a `reset` always does). Default: all. */
  accept?: (notice: LiveNotice) => boolean;
}

export interface Live {
  state: Ref<LiveState>;
}

type OnNotice = (notices: LiveNotice[]) => unknown;

/**
 * One debounce per `onNotice`: a view that follows two streams with the same handler reloads once
 * for a burst on both, and once per timed refresh, not once per stream. It is dropped (and a
 * pending call with it) when the last stream that shares it goes.
 */
interface Debouncer {
  schedule(notice: LiveNotice | null): void;
  release(): void;
}
const debouncers = new WeakMap<OnNotice, Debouncer & { users: number }>();

function debouncerOf(onNotice: OnNotice): Debouncer {
  let shared = debouncers.get(onNotice);
  if (!shared) {
    let pending: LiveNotice[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const made: Debouncer & { users: number } = {
      users: 0,
      schedule(notice) {
        if (notice) pending.push(notice);
        timer ??= setTimeout(() => {
          timer = undefined;
          const notices = pending;
          pending = [];
          void onNotice(notices);
        }, DEBOUNCE_MS);
      },
      release() {
        made.users -= 1;
        if (made.users > 0) return;
        clearTimeout(timer);
        debouncers.delete(onNotice);
      },
    };
    debouncers.set(onNotice, made);
    shared = made;
  }
  shared.users += 1;
  return shared;
}

/**
 * @param path the route with its query, or null while there is nothing to follow (no stream, no timer)
 * @param onNotice what to do: the notices of the burst, or [] for a timed or catch-up refresh
 */
export function useLive(
  service: DashboardService,
  path: MaybeRefOrGetter<string | null>,
  onNotice: OnNotice,
  options: UseLiveOptions = {},
): Live {
  const state = ref<LiveState>('off');
  let stop: (() => void) | null = null;
  const debouncer = debouncerOf(onNotice);
  const schedule = (notice: LiveNotice | null) => debouncer.schedule(notice);

  const visible = () => typeof document === 'undefined' || document.visibilityState === 'visible';
  const fallingBack = () => stop !== null && state.value !== 'live';

  function onStateChange(next: LiveState): void {
    const wasDown = state.value === 'reconnecting' || state.value === 'unavailable';
    state.value = next;
    if (next === 'live' && wasDown) schedule(null);
  }

  watch(
    () => toValue(path),
    (next) => {
      stop?.();
      stop = null;
      state.value = 'off';
      if (next === null) return;
      stop = openLive({
        service,
        path: next,
        onState: onStateChange,
        onNotice: (notice) => {
          if (notice.event === 'reset' || !options.accept || options.accept(notice)) schedule(notice);
        },
      });
    },
    { immediate: true },
  );

  const timer = setInterval(() => {
    if (fallingBack() && visible()) schedule(null);
  }, REFRESH_SECONDS * 1000);
  const onVisibility = () => {
    if (fallingBack() && visible()) schedule(null);
  };
  document.addEventListener('visibilitychange', onVisibility);

  if (getCurrentScope()) {
    onScopeDispose(() => {
      stop?.();
      stop = null;
      clearInterval(timer);
      debouncer.release();
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }
  return { state };
}
