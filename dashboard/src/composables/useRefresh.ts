/**
 * Keeps a view's data fresh until the live stream arrives: `reload` runs every `everyMs` (30 s)
 * while the tab is visible, and at once when the tab becomes visible again. A hidden tab asks
 * nothing. Stops with the component (or effect scope) that called it.
 *
 * To follow the live stream later, a view replaces (or joins) its `useRefresh(reload)` line with
 * the stream's own, e.g. `useLive(topics, reload)`; `reload` is `useLoad`'s.
 */
import { getCurrentScope, onScopeDispose } from 'vue';

export const REFRESH_MS = 30_000;

export function useRefresh(reload: () => unknown, { everyMs = REFRESH_MS }: { everyMs?: number } = {}): void {
  if (typeof document === 'undefined') return;
  const visible = () => document.visibilityState === 'visible';
  const timer = setInterval(() => {
    if (visible()) void reload();
  }, everyMs);
  const onVisibility = () => {
    if (visible()) void reload();
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    });
  }
}
