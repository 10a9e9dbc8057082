/**
 * One watcher per service: follows the event log and the projections' stored checkpoints, and
 * hands every live stream of the service the items of each stretch of the log once the read
 * models have it (docs/live.md). It runs only while a stream is open: the first to join starts
 * it, the last to leave stops it (the store subscription is closed, no timer is left).
 *
 * How: one store subscription from the projections' checkpoint (`position`). A page of events
 * that gives items waits until every projection of the source has committed past them, read
 * from `lag()` every `pollMs` (the stored checkpoints: the projector may run in another process);
 * a page that gives none passes at once. The next page is read only then, so at most one page
 * waits in memory, whatever the projections' lag. Each release is the stretch `(after, upTo]` of
 * the log, with its items; releases follow each other without gap (`after` is the previous
 * `upTo`), so a stream that joined at `position` gets everything after it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Subject, type Subscription } from 'rxjs';
import type { Logger } from '../../http/index.js';
import type { StoredState } from '../../projections/runtime/stored-state.js';
import type { EventStore, StoredEvent } from '../../stores/events/port.js';
import type { LiveItem, LiveSource } from './notice.js';
import type { LiveSettings } from './settings.js';

/** The first look at the checkpoints after a page came that they have not passed yet. */
const FIRST_LOOK_MS = 10;

export interface Release {
  after: number;
  upTo: number;
  items: readonly LiveItem[];
}

export interface WatcherDeps {
  events: EventStore;
  lag: () => Promise<StoredState[]>;
  logger: Logger;
}

export interface Joined {
  /** Every item up to here was released before this stream joined; it gets every release after. */
  position: number;
  /** Leaves (once); the last to leave stops the watcher. */
  leave(): void;
}

interface Run {
  position: number;
  /** The last event read from the log (at or past `position`). */
  read: number;
  readonly ready: Promise<void>;
  readonly abort: AbortController;
}

export class LiveWatcher {
  readonly #deps: WatcherDeps;
  readonly #source: LiveSource;
  readonly #settings: Pick<LiveSettings, 'pollMs' | 'pageSize' | 'restartMs'>;
  readonly #releases = new Subject<Release>();
  #run: Run | undefined;
  #members = 0;

  constructor(
    deps: WatcherDeps,
    source: LiveSource,
    settings: Pick<LiveSettings, 'pollMs' | 'pageSize' | 'restartMs'>,
  ) {
    this.#deps = deps;
    this.#source = source;
    this.#settings = settings;
  }

  /** Whether the watcher follows the log now (some stream is open). */
  get watching(): boolean {
    return this.#run !== undefined;
  }

  /** Where it has released up to, and the last event it has read from the log; undefined while it does not run. */
  get progress(): { released: number; read: number } | undefined {
    return this.#run && { released: this.#run.position, read: this.#run.read };
  }

  /** Streams that joined and have not left. */
  get members(): number {
    return this.#members;
  }

  /**
   * Joins, starting the watcher when it is not running. Resolves once it knows its position;
   * from then on `onRelease` gets every release after that position (also before the caller
   * resumes). Rejects (having left) when the checkpoints cannot be read.
   */
  async join(onRelease: (release: Release) => void): Promise<Joined> {
    this.#members += 1;
    const run = (this.#run ??= this.#start());
    let subscription: Subscription | undefined;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      subscription?.unsubscribe();
      this.#members -= 1;
      if (this.#members === 0 && this.#run) {
        this.#run.abort.abort();
        this.#run = undefined;
      }
    };
    try {
      await run.ready;
    } catch (error) {
      leave();
      throw error;
    }
    // In one turn: the position, and the subscription to what comes after it.
    subscription = this.#releases.subscribe(onRelease);
    return { position: run.position, leave };
  }

  #start(): Run {
    let ready!: () => void;
    let failed!: (error: unknown) => void;
    const run: Run = {
      position: 0,
      read: 0,
      ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))),
      abort: new AbortController(),
    };
    run.ready.catch(() => {}); // the joiners hear of it
    void this.#follow(run, ready, failed);
    return run;
  }

  async #follow(run: Run, ready: () => void, failed: (error: unknown) => void): Promise<void> {
    const { signal } = run.abort;
    try {
      run.position = run.read = await this.#checkpoint();
    } catch (error) {
      if (this.#run === run) this.#run = undefined;
      failed(error);
      return;
    }
    ready();
    for (let failures = 0; !signal.aborted; failures += 1) {
      try {
        const pages = this.#deps.events.subscribe({ after: run.position, pageSize: this.#settings.pageSize, signal });
        for await (const page of pages) {
          await this.#release(run, page);
          failures = 0;
          if (signal.aborted) return;
        }
        return; // the subscription ends when it is stopped, or when the store closes
      } catch (error) {
        if (signal.aborted) return;
        const delay = Math.min(this.#settings.restartMs * 2 ** failures, 30_000);
        this.#deps.logger.warn(
          { live: this.#source.name, position: run.position, error: String(error), delay_ms: delay },
          'live watcher: following the log again after a failure',
        );
        await sleep(delay, undefined, { signal }).catch(() => {});
      }
    }
  }

  /** Releases a page once the projections have it: its items, up to where they have got, until all of it. */
  async #release(run: Run, page: readonly StoredEvent[]): Promise<void> {
    const last = page.at(-1)?.position;
    if (last === undefined) return;
    run.read = last;
    let pending = page.flatMap((event) => this.#itemsOf(event));
    if (pending.length === 0) return this.#emit(run, last, []);
    const { signal } = run.abort;
    for (let tries = 0; ; tries += 1) {
      const upTo = Math.min(await this.#checkpoint(), last);
      if (signal.aborted) return;
      if (upTo > run.position) {
        const released = pending.filter((item) => item.position <= upTo);
        pending = pending.filter((item) => item.position > upTo);
        this.#emit(run, upTo, released);
      }
      if (upTo >= last) return;
      // The projector commits a few milliseconds after the append that woke us both: look again soon, then every pollMs.
      const delay = tries === 0 ? Math.min(FIRST_LOOK_MS, this.#settings.pollMs) : this.#settings.pollMs;
      await sleep(delay, undefined, { signal }).catch(() => {});
      if (signal.aborted) return;
    }
  }

  #emit(run: Run, upTo: number, items: readonly LiveItem[]): void {
    const after = run.position;
    run.position = upTo;
    if (this.#run === run) this.#releases.next({ after, upTo, items });
  }

  /** Where every projection of the source has got: the least of their stored checkpoints. */
  async #checkpoint(): Promise<number> {
    const states = await this.#deps.lag();
    let least = Infinity;
    for (const name of this.#source.projections) {
      const state = states.find((s) => s.projection === name);
      if (!state) throw new Error(`live ${this.#source.name}: the projection ${name} does not run in this system`);
      least = Math.min(least, state.position);
    }
    return least === Infinity ? 0 : least;
  }

  #itemsOf(event: StoredEvent): readonly LiveItem[] {
    try {
      return this.#source.itemsOf(event);
    } catch (error) {
      // An event its projection cannot read stops that projection (poison); here it gives no notice.
      this.#deps.logger.warn(
        { live: this.#source.name, position: event.position, type: event.type, error: String(error) },
        'live watcher: an event it cannot read gives no notice',
      );
      return [];
    }
  }
}
