/**
 * A Mongo filter compiled by mingo, for the embedded store. Scripts (`$where`, `$function`) are
 * off: read models are queried with data, never with code, and MongoDB disables them in most
 * deployments too.
 */
import { Query } from 'mingo';
import type { Filter } from './port.js';

const OPTIONS = { scriptEnabled: false } as const;

export function filterQuery(filter: Filter): Query {
  return new Query(filter, OPTIONS);
}
