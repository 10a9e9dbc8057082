/**
 * One open live stream: what its viewer is sent of each release, in order, and its own events
 * (`ready`, `reset`, `expired`). The stream's position is the last release it has taken: every
 * notice up to there that the viewer may see was sent, so it is what `Last-Event-ID` resumes from.
 */
import type { EventStream, Logger } from '../../http/index.js';
import type { Missed } from './backlog.js';
import type { LiveSource, Notice, Viewer } from './notice.js';
import { noticesFor } from './scope.js';
import type { Release } from './watcher.js';

export class LiveConnection {
  readonly #stream: EventStream;
  readonly #source: LiveSource;
  readonly #log: Logger;
  #viewer: Viewer;
  #position = 0;
  #sent = 0;

  constructor(stream: EventStream, source: LiveSource, viewer: Viewer, log: Logger) {
    this.#stream = stream;
    this.#source = source;
    this.#viewer = viewer;
    this.#log = log;
  }

  /** Notices sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /**
   * The stream's start, the watcher being at `joinedAt`: what was missed since `Last-Event-ID`
   * (or one `reset`), then `ready` with the position the stream goes on from.
   */
  start(joinedAt: number, missed?: Missed): void {
    this.#guard(() => {
      let position = joinedAt;
      if (missed?.kind === 'reset') {
        this.#stream.send({ id: joinedAt, event: 'reset', data: { reason: missed.reason } });
      } else if (missed) {
        this.#sendAll(noticesFor(this.#source, this.#viewer, missed.items, missed.after).notices);
        position = Math.max(joinedAt, missed.after);
      }
      this.#position = position;
      this.#stream.send({ id: position, event: 'ready', data: { position } });
    });
  }

  /** A release of the watcher: the notices the viewer may see, then the stream is at its end. */
  release(release: Release): void {
    if (release.upTo <= this.#position) return;
    this.#guard(() => {
      const seen = noticesFor(this.#source, this.#viewer, release.items, this.#position);
      this.#viewer = seen.viewer;
      this.#sendAll(seen.notices);
      this.#position = release.upTo;
      this.#stream.advance(release.upTo);
    });
  }

  /** The access token expired: a last event, so that the client reconnects with a fresh one. */
  expire(): void {
    this.#guard(() =>
      this.#stream.end({
        id: this.#position,
        event: 'expired',
        data: { reason: 'the access token expired: reconnect with a fresh token and the Last-Event-ID' },
      }),
    );
  }

  #sendAll(notices: readonly Notice[]): void {
    for (const notice of notices) {
      this.#stream.send({ id: notice.position, event: notice.event, data: notice.data });
      this.#sent += 1;
    }
  }

  /** A notice its event's schema refuses is our bug: the stream ends (the client resumes), the rest go on. */
  #guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.#log.error({ live: this.#source.name, err: error }, 'live stream ended on a notice it could not send');
      this.#stream.end();
    }
  }
}
