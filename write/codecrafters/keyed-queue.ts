/**
 * One piece of work per key at a time, within this process, in arrival order; what arrives for a
 * key while it is busy waits, and is then taken together, in one go (up to `maxWeight`).
 *
 * The activity days use it so that one user's batches arriving at once do not race each other on
 * one stream (each would read the same revision, and all but one would have to start over): they
 * are decided one after the other, and those that queued up meanwhile are decided and appended
 * together. Across processes the expected revision still guards the stream.
 *
 * A failure of a piece of work is the failure of every item it took; the next items go on.
 */
interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class KeyedQueue<Item, Result> {
  readonly #queues = new Map<string, Waiting<Item, Result>[]>();

  constructor(
    /** The work on `items` of one key: one result per item, in order. */
    private readonly work: (key: string, items: readonly Item[]) => Promise<readonly Result[]>,
    /** The most one piece of work takes, by `weigh`; it always takes at least one item. */
    private readonly maxWeight = Infinity,
    private readonly weigh: (item: Item) => number = () => 1,
  ) {}

  run(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.#queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      const started = [{ item, resolve, reject }];
      this.#queues.set(key, started);
      void this.#drain(key, started);
    });
  }

  /** Keys with work under way or waiting. */
  get busy(): number {
    return this.#queues.size;
  }

  async #drain(key: string, queue: Waiting<Item, Result>[]): Promise<void> {
    while (queue.length > 0) {
      let weight = this.weigh(queue[0]!.item);
      let count = 1;
      while (count < queue.length && weight + this.weigh(queue[count]!.item) <= this.maxWeight)
        weight += this.weigh(queue[count++]!.item);
      const taken = queue.splice(0, count);
      try {
        const results = await this.work(
          key,
          taken.map((waiting) => waiting.item),
        );
        if (results.length !== taken.length)
          throw new Error(`keyed queue: ${results.length} results for ${taken.length} items`);
        taken.forEach((waiting, i) => waiting.resolve(results[i]!));
      } catch (error) {
        for (const waiting of taken) waiting.reject(error);
      }
    }
    this.#queues.delete(key);
  }
}
