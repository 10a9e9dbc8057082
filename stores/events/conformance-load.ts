/**
 * Conformance under contention and volume: racing appends to one stream, and a long stream.
 */
import { expect, it } from 'vitest';
import { newEvent, streamName } from './conformance-fixtures.js';
import type { ConformanceContext } from './conformance-fixtures.js';
import { WrongExpectedRevisionError, type NewEvent } from './port.js';

const CONTENDERS = 6;
const ROUNDS = 20;
const LONG_STREAM = 100_000;
const LONG_BATCH = 1000;

export function describeLoadConformance({ store }: ConformanceContext): void {
  it(`lets exactly one of ${CONTENDERS} concurrent appends win each revision`, async () => {
    const stream = streamName('contended');
    await store().append(stream, [newEvent('Opened')], { expectedRevision: 'no_stream' });
    const winners: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const attempts = Array.from({ length: CONTENDERS }, () => newEvent('Claimed', { round }));
      const outcomes = await Promise.allSettled(
        attempts.map((event) => store().append(stream, [event], { expectedRevision: round })),
      );
      const won = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [attempts[i]!] : []));
      expect(won).toHaveLength(1);
      winners.push(won[0]!.id);
      for (const outcome of outcomes) {
        if (outcome.status === 'fulfilled') {
          expect(outcome.value).toMatchObject({ nextRevision: round + 1, appended: 1 });
          continue;
        }
        expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(outcome.reason).toMatchObject({ stream, expected: round, actual: round + 1 });
      }
    }
    const stored = await store().readStream(stream);
    expect(stored.map((event) => event.revision)).toEqual(Array.from({ length: ROUNDS + 1 }, (_, r) => r));
    expect(stored.slice(1).map((event) => event.id)).toEqual(winners);
  });

  it(
    `appends a stream of ${LONG_STREAM.toLocaleString('en-US')} events in batches and reads it back completely`,
    { timeout: 300_000 },
    async () => {
      const stream = streamName('long');
      const ids: string[] = [];
      for (let start = 0; start < LONG_STREAM; start += LONG_BATCH) {
        const batch: NewEvent[] = [];
        for (let n = start; n < start + LONG_BATCH; n += 1) batch.push(newEvent('Counted', { n }));
        ids.push(...batch.map((event) => event.id));
        const result = await store().append(stream, batch, { expectedRevision: start === 0 ? 'no_stream' : start - 1 });
        expect(result.nextRevision).toBe(start + LONG_BATCH - 1);
      }
      const stored = await store().readStream(stream);
      expect(stored).toHaveLength(LONG_STREAM);
      let previous = 0;
      stored.forEach((event, revision) => {
        // Checked one by one without expect() per event: 100,000 matchers would dominate the run.
        if (event.revision !== revision || event.id !== ids[revision] || event.position <= previous) {
          throw new Error(
            `event ${revision} read back as revision ${event.revision}, id ${event.id}, position ${event.position}`,
          );
        }
        if ((event.data as { n: number }).n !== revision)
          throw new Error(`event ${revision} carries n=${JSON.stringify(event.data)}`);
        previous = event.position;
      });
      const tail = await store().readStream(stream, { fromRevision: LONG_STREAM - 3 });
      expect(tail.map((event) => event.revision)).toEqual([LONG_STREAM - 3, LONG_STREAM - 2, LONG_STREAM - 1]);
    },
  );
}
