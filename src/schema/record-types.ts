/**
 * The GraphQL types of a record kind, made from its description (src/ingestion/records.ts): the
 * input a client sends it in, and the type an export gives it back as. Field names, types,
 * nullability, descriptions and allowed values are all the description's.
 */
import { builder } from '../builder.js';
import type { AnyRecordDescription, ClosedSet } from '../ingestion/fields.js';
import { storedFields } from '../ingestion/record-kinds.js';
import type { ExportedRecord } from '../privacy/export.js';

/** A closed set with an enum name as a GraphQL enum (for the answers that give records back). */
export function enumOf<const Values extends readonly [string, ...string[]]>(set: ClosedSet<Values> & { enum: string }) {
  return builder.enumType(set.enum, { values: set.values, description: set.description });
}

/**
 * The input a client sends a record in. A closed set travels as a String listing its values
 * (`allowedValues`): as a GraphQL enum, a value this server does not know (a newer client's new
 * event type) failed the whole request with a 400 and no code, and the client lost its batch; as a
 * string it is refused for its record alone (UNKNOWN_VALUE) and the rest is stored.
 */
export function recordInputType(name: string, record: AnyRecordDescription) {
  return builder.inputType(name, {
    ...(record.description === undefined ? {} : { description: record.description }),
    fields: (t) =>
      Object.fromEntries(
        Object.entries(record.fields).map(([field, f]) => [
          field,
          t.field({
            type: f.graphql as 'String',
            required: f.required as true,
            description: f.description,
            ...(f.allowedValues ? { extensions: { allowedValues: [...f.allowedValues] } } : {}),
          }),
        ]),
      ),
  });
}

/**
 * A stored record given back: every stored field, a closed set as its enum when it has one, the
 * session id as the one presented, and receivedAt.
 */
export function exportedRecordType(name: string, description: string, record: AnyRecordDescription) {
  return builder.objectRef<ExportedRecord>(name).implement({
    description,
    fields: (t) =>
      Object.fromEntries(
        storedFields(record).map(([field, f]) => [
          field,
          // Enums by name: they belong to src/schema/ingestion.ts, and the export must use the very same.
          t.field({ type: (f.enum ?? f.graphql) as 'String', nullable: !f.required, resolve: (stored) => stored[field] as string }),
        ]),
      ),
  });
}
