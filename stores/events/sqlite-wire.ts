/**
 * What crosses a thread boundary of the embedded event store (the writer thread, the reader
 * thread): an append as plain data, and its outcome or error as plain data, decoded on the
 * caller's side into the errors the port promises (`WrongExpectedRevisionError`, the store's own
 * unavailable error for a code that means "cannot do it now").
 */
import { WrongExpectedRevisionError, type AppendResult, type ExpectedRevision } from './port.js';
import { unavailableReason } from '../sqlite-unavailable.js';
import type { UnavailableReason } from '../unavailable.js';

/** An event ready for its row: data and metadata already JSON text. */
export interface EncodedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export interface WireAppend {
  stream: string;
  expected: ExpectedRevision;
  events: EncodedEvent[];
}

export type WireError =
  | { kind: 'conflict'; stream: string; expected: ExpectedRevision; actual: number }
  | { kind: 'error'; message: string; code?: string };

export type WireOutcome = { ok: true; value: AppendResult } | { ok: false; error: WireError };

export function toWireError(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) {
    return { kind: 'conflict', stream: error.stream, expected: error.expected, actual: error.actual };
  }
  const { message, code } = error as { message?: unknown; code?: unknown };
  return { kind: 'error', message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}) };
}

/**
 * The error a thread sent back, as the caller's thread throws it; `unavailable` makes the store's
 * own for a code that means the store cannot do it now (`../sqlite-unavailable.ts`).
 */
export function fromWireError(
  error: WireError,
  unavailable: (code: string, reason: UnavailableReason, cause: WireError) => Error,
): Error {
  if (error.kind === 'conflict') return new WrongExpectedRevisionError(error.stream, error.expected, error.actual);
  const reason = unavailableReason(error.code);
  if (reason && error.code) return unavailable(error.code, reason, error);
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}
