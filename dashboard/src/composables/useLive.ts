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

/**
 * @param path the route with its query, or null while there is nothing to follow (no stream, no timer)
 * @param onNotice what to do: the notices of the burst, or [] for a timed or catch-up refresh
 */
export function useLive(
  service: DashboardService,
  path: MaybeRefOrGetter<string | null>,
  onNotice: (notices: LiveNotice[]) => unknown,
  options: UseLiveOptions = {},
): Live {
  const state = ref<LiveState>('off');
  let stop: (() => void) | null = null;
  let pending: LiveNotice[] = [];
  let debounce: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    debounce = undefined;
    const notices = pending;
    pending = [];
    void onNotice(notices);
  }

  function schedule(notice: LiveNotice | null): void {
    if (notice) pending.push(notice);
    debounce ??= setTimeout(flush, DEBOUNCE_MS);
  }

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
      clearTimeout(debounce);
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }
  return { state };
}
