/**
 * The state of a view's live streams, and what the page says about it. A view may follow more than
 * one stream (the team view follows Code Crafters and Atlas): it is only as live as its worst one.
 */
export type LiveState =
  /** First connection under way. */
  | 'connecting'
  /** The stream is open: notices arrive as they happen. */
  | 'live'
  /** It dropped (network, server restart, a token that expired) and is coming back. */
  | 'reconnecting'
  /** The service has no live route for this (404), or refuses it (403): the view refreshes on a timer. */
  | 'unavailable'
  /** No stream (nothing to follow yet, signed out, or stopped). */
  | 'off';

const WORST_FIRST: readonly LiveState[] = ['reconnecting', 'connecting', 'unavailable', 'live'];

export function combinedState(states: readonly LiveState[]): LiveState {
  for (const state of WORST_FIRST) if (states.includes(state)) return state;
  return 'off';
}

export function liveLabel(state: LiveState, refreshSeconds: number): string {
  switch (state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'unavailable':
      return `Not live: refreshing every ${refreshSeconds} s`;
    case 'off':
      return '';
  }
}
