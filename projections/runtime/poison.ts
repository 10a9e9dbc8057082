/**
 * Poison events: an event a projection cannot handle (its `project` throws, or the read store
 * rejects its writes). By default the projection stops with a report naming the culprit; with
 * `onPoison: 'dead-letter'` the event is skipped and recorded, and the projection goes on.
 */
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';

export type OnPoison = 'stop' | 'dead-letter';

export interface PoisonReport {
  projection: string;
  version: number;
  event_id: string;
  type: string;
  stream: string;
  position: number;
  error: string;
}

export class PoisonEventError extends Error {
  override readonly name = 'PoisonEventError';
  constructor(readonly report: PoisonReport) {
    super(
      `projection ${report.projection} v${report.version} stopped at poison event ${report.event_id} ` +
        `(${report.type} on ${report.stream}, position ${report.position}): ${report.error}`,
    );
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function poisonReport(
  projection: { name: string; version: number },
  event: StoredEvent,
  error: unknown,
): PoisonReport {
  return {
    projection: projection.name,
    version: projection.version,
    event_id: event.id,
    type: event.type,
    stream: event.stream,
    position: event.position,
    error: describeError(error),
  };
}

/**
 * The dead-letter record, keyed by projection, version and position so that re-applying it after
 * a crash writes the same document once.
 */
export function deadLetterWrite(collection: string, report: PoisonReport, at: Date): WriteOp {
  const { projection, version, position, event_id, type, stream, error } = report;
  return {
    kind: 'update',
    collection,
    filter: { _id: `${projection}@v${version}:${position}` },
    update: { $set: { projection, version, position, event_id, type, stream, error, at: at.toISOString() } },
    upsert: true,
  };
}
