/**
 * The telemetry policy that the CLI shows (`caro telemetry show`). What is collected is read from the
 * GraphQL schema itself: the record inputs of every mutation an INGEST token (the CLI's) may call,
 * field by field with its type and rule, so the policy cannot drift from what the server accepts.
 */
import {
  getNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isNonNullType,
} from 'graphql';
import { FIELD_ACCESS } from '../server/access.js';

export interface CollectedField {
  name: string;
  /** The GraphQL type, e.g. `String!`, `EventType`. */
  type: string;
  required: boolean;
  description: string | null;
  /** The values a closed set allows. */
  allowedValues: string[] | null;
}

export interface CollectedRecord {
  /** The GraphQL input type, e.g. TelemetryEventInput. */
  name: string;
  /** The mutation that sends it. */
  mutation: string;
  description: string | null;
  fields: CollectedField[];
}

export interface TelemetryPolicy {
  retentionDays: number;
  firstSeenRetentionDays: number;
  records: CollectedRecord[];
  neverCollected: string[];
  sessionIdentity: string;
  requestData: string;
}

/** METRICS.md §1: never stored, not even when a client sends it. */
export const NEVER_COLLECTED = [
  'query text (only a SIMPLE/MEDIUM/COMPLEX bucket computed on the client)',
  'generated command text',
  'command output',
  'user ids, user names and e-mail addresses',
  'IP addresses',
  'file paths and directory structure',
  'environment variables and secrets',
  'free text of any kind (survey answers are scores and fixed choices)',
] as const;

/** A closed set sent as a string (src/ingestion/fields.ts `oneOf`) lists its values in the field's extensions. */
function allowedValuesOf(extensions: Readonly<Record<string, unknown>> | null | undefined): string[] | null {
  const values = extensions?.allowedValues;
  return Array.isArray(values) ? [...(values as string[])].sort() : null;
}

export function describePolicy(schema: GraphQLSchema, retention: { retentionDays: number; firstSeenRetentionDays: number }): TelemetryPolicy {
  const mutation = schema.getMutationType();
  const ingestMutations = Object.entries(FIELD_ACCESS.Mutation)
    .filter(([, scopes]) => (scopes as readonly string[]).includes('INGEST'))
    .map(([name]) => name)
    .sort();
  const records: CollectedRecord[] = [];
  for (const name of ingestMutations) {
    for (const arg of mutation?.getFields()[name]?.args ?? []) {
      const input = getNamedType(arg.type);
      if (!isInputObjectType(input)) continue;
      records.push({
        name: input.name,
        mutation: name,
        description: input.description ?? null,
        fields: Object.values(input.getFields()).map((field) => {
          const named = getNamedType(field.type);
          return {
            name: field.name,
            type: String(field.type),
            required: isNonNullType(field.type),
            description: field.description ?? null,
            allowedValues: isEnumType(named) ? named.getValues().map((v) => v.name) : allowedValuesOf(field.extensions),
          };
        }),
      });
    }
  }
  return {
    ...retention,
    records,
    neverCollected: [...NEVER_COLLECTED],
    sessionIdentity:
      'The only identity is the consent-session id, a random UUID the CLI creates at opt-in. The server stores only ' +
      'HMAC-SHA256(server secret, id); export and deletion by that id hash it the same way.',
    requestData: 'Nothing from the HTTP request (address, user agent, headers) is stored; rate limits count per address in memory only.',
  };
}
