/**
 * How an event is declared (design §3): once, with zod, in its context's catalogue
 * (`write/<context>/events.ts`), imported by writers and readers alike.
 */
import { z } from 'zod';

export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly schema: Schema;
}

export function defineEvent<const Type extends string, Schema extends z.ZodType>(
  type: Type,
  version: number,
  schema: Schema,
): EventDefinition<Type, Schema> {
  return { type, version, schema };
}

/** The `{type, data}` union of a list of definitions, as deciders emit and projections read them. */
export type EventOf<Defs extends readonly EventDefinition[]> = {
  [K in keyof Defs]: Defs[K] extends EventDefinition<infer T, infer S> ? { type: T; data: z.infer<S> } : never;
}[number];

export const EventMetadataSchema = z.strictObject({
  correlation_id: z.uuid(),
  causation_id: z.uuid().nullable(),
  user_id: z.number().int().positive().nullable(),
  occurred_at: z.iso.datetime(),
  schema_version: z.number().int().positive(),
});
