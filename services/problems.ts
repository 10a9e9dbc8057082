/**
 * The errors of the write side and the stores as RFC 9457 problems, handed by every service to the
 * kit's problems middleware (the kit knows no domain):
 * - a refused command (`DomainError`): invalid → 400 with pointers into the body, not_found → 404,
 *   forbidden → 403, conflict → 409;
 * - a concurrent write that outlived its retries (`WrongExpectedRevisionError`) → 409;
 * - a store that is busy, read-only or cannot be reached (`StoreUnavailableError`, either store)
 *   → 503 with `Retry-After`; the store's message (file names, SQLite codes) goes to the logs only.
 *
 * And how the routes document those refusals (`refusalAnswers`), each service saying what a 409 is there.
 */
import { conflict, forbidden, notFound, Problem, validationProblem, type ProblemMapper } from '../http/index.js';
import { WrongExpectedRevisionError } from '../stores/events/port.js';
import { StoreUnavailableError } from '../stores/unavailable.js';
import { DomainError } from '../write/domain-error.js';

function domainProblem(error: DomainError): Problem {
  switch (error.kind) {
    case 'invalid': {
      const issues = error.issues.length > 0 ? error.issues : [{ pointer: '', message: error.message }];
      return validationProblem(
        issues.map((i) => ({ pointer: `/body${i.pointer}`, detail: i.message })),
        error.message,
      );
    }
    case 'not_found':
      return notFound(error.message);
    case 'forbidden':
      return forbidden(error.message);
    case 'conflict':
      return conflict(error.message);
  }
}

const refusedCommand: ProblemMapper = (error, log) => {
  if (!(error instanceof DomainError)) return undefined;
  log?.info({ kind: error.kind, err_message: error.message }, 'command refused');
  return domainProblem(error);
};

const concurrentWrite: ProblemMapper = (error, log) => {
  if (!(error instanceof WrongExpectedRevisionError)) return undefined;
  log?.info({ err_message: error.message }, 'concurrent write refused');
  return conflict('the resource was changed by another request at the same time; reload it and retry');
};

const storeName = { events: 'event store', reads: 'read store' } as const;

/** A store that cannot do it now, as a 503 that says which store and why, never its message. */
export function storeProblem(error: StoreUnavailableError): Problem {
  return new Problem(
    'unavailable',
    `the ${storeName[error.store]} is unavailable (${error.reason}); retry after Retry-After seconds`,
    {
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
      extensions: { retry_after: error.retryAfterSeconds },
      internal: error.message,
      cause: error,
    },
  );
}

const unavailableStore: ProblemMapper = (error) =>
  error instanceof StoreUnavailableError ? storeProblem(error) : undefined;

/**
 * The refusals of a service's routes, for the document, worded once: a route picks the ones it can
 * answer (`refusalsFrom`). Only a 409 means something of its own in each service.
 */
export function refusalAnswers(conflict: string) {
  return {
    400: { description: 'Invalid request (problem+json, with JSON pointers)' },
    401: { description: 'Missing or invalid token (problem+json)' },
    403: { description: 'Your role does not allow this (problem+json)' },
    404: { description: 'Not found, or not visible to you (problem+json)' },
    409: { description: `${conflict} (problem+json)` },
  } as const;
}

/** What every service hands to `createService`. */
export const problemMappers: readonly ProblemMapper[] = [refusedCommand, concurrentWrite, unavailableStore];
