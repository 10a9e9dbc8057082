/**
 * A refused command (`DomainError`, thrown by deciders and application services on every write
 * side) as a problem: invalid → 400 with pointers into the body, not_found → 404,
 * forbidden → 403, conflict → 409.
 */
import type { DomainError } from '../write/domain-error.js';
import { conflict, forbidden, notFound, validationProblem, type Problem } from './problem.js';

export function domainProblem(error: DomainError): Problem {
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
