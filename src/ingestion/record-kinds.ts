/**
 * One descriptor per record kind of METRICS.md §2, derived from its description (records.ts): its
 * rules (a zod schema), the table it lands in, and how a checked record becomes a row. The
 * ingestion pipeline (ingest.ts) is the same for all.
 */
import { z } from 'zod';
import type { Dialect } from '../env.js';
import { readableFields, SOURCE_RECORDS } from '../registry/sources.js';
import { afterInsert } from '../rollups/maintain.js';
import type { AfterInsert, Row, SqlExecutor, TableSpec } from '../sql/driver.js';
import { sql, type SqlValue } from '../sql/fragment.js';
import * as c from './contract.js';
import { type AnyRecordDescription, type Field, type Fields, RECEIVED_AT, type RecordDescription, type Shape } from './fields.js';
import * as records from './records.js';

/** The strict zod schema of a description: every field's rule, then its checks across fields. */
function schemaOf<F extends Fields, R extends Fields>(description: RecordDescription<F, R>): z.ZodObject<Shape<F>, z.core.$strict> {
  const shape = Object.fromEntries(Object.entries(description.fields).map(([name, field]) => [name, field.rule]));
  const schema = z.strictObject(shape) as z.ZodObject<Shape<F>, z.core.$strict>;
  const { refine } = description;
  if (!refine) return schema;
  return schema.superRefine((record, ctx) =>
    refine(record, (field, code, message) => ctx.addIssue({ code: 'custom', path: [field], message, params: { code } })),
  );
}

export const telemetryEventSchema = schemaOf(records.TELEMETRY_EVENT);
export const surveyResponseSchema = schemaOf(records.SURVEY_RESPONSE);
export const safetyAuditSchema = schemaOf(records.SAFETY_AUDIT);
export const gaugeObservationSchema = schemaOf(records.GAUGE_OBSERVATION);
export const subscriptionEventSchema = schemaOf(records.SUBSCRIPTION_EVENT);

export type TelemetryEventRecord = z.output<typeof telemetryEventSchema>;
export type SurveyResponseRecord = z.output<typeof surveyResponseSchema>;
export type SafetyAuditRecord = z.output<typeof safetyAuditSchema>;
export type GaugeObservationRecord = z.output<typeof gaugeObservationSchema>;
export type SubscriptionEventRecord = z.output<typeof subscriptionEventSchema>;

/** What the pipeline knows when it turns records into rows. */
export interface RowContext {
  receivedAt: Date;
  hashSession(sessionId: string): string;
}

/** Why one field of one record was refused. */
export interface RecordIssue {
  code: c.IngestErrorCode;
  field: string | null;
  message: string;
}

/** A stored column: its name and type, and the field of the record it holds. */
export interface Column {
  readonly name: string;
  readonly pgType: Field['pgType'];
  readonly field: string;
  readonly nullable: boolean;
}

/** The table of a record kind: the key columns first (the bulk writer reports stored rows by the first). */
export interface RecordTable extends TableSpec {
  readonly columns: readonly Column[];
}

export interface RecordKind<Record> {
  /** What the kind is derived from. */
  readonly description: AnyRecordDescription;
  readonly schema: z.ZodType<Record, unknown>;
  readonly table: RecordTable;
  /** The field that says when the record happened (skew-corrected and range-checked), and its column. */
  readonly timeField: keyof Record & string;
  readonly timeColumn: string;
  /** Subject to the retention window (records tied to a session). */
  readonly retained: boolean;
  /** The consent-session id of a record tied to one: refused once that session is deleted. */
  readonly sessionField?: keyof Record & string;
  /** The column that holds its keyed hash. */
  readonly sessionColumn?: string;
  toRow(record: Record, context: RowContext): Row;
  /** Checks that need the database; returns the record, completed, or why it is refused. */
  resolve?(records: readonly Record[], db: SqlExecutor): Promise<(Record | RecordIssue)[]>;
  /** What else changes, in the same transaction, with the rows a batch stored (the rollups). */
  afterInsert?(dialect: Dialect): AfterInsert;
}

/** Every stored field of a description, in column order: the key, the other fields, the resolved ones, receivedAt. */
export function storedFields(description: AnyRecordDescription): [string, Field][] {
  const fields: [string, Field][] = [...Object.entries(description.fields), ...Object.entries(description.resolved ?? {}), ['receivedAt', RECEIVED_AT]];
  const isKey = ([name]: [string, Field]) => description.key.includes(name);
  return [...fields.filter(isKey), ...fields.filter((entry) => !isKey(entry))];
}

function recordKind<Record>(
  description: AnyRecordDescription,
  schema: z.ZodType<Record, unknown>,
  extra: Pick<RecordKind<Record>, 'resolve' | 'afterInsert'> = {},
): RecordKind<Record> {
  const stored = storedFields(description);
  const columns = stored.map(([field, f]): Column => ({ name: f.column, pgType: f.pgType, field, nullable: !f.required }));
  const session = stored.find(([, f]) => f.session);
  const sessionField = session?.[0] as (keyof Record & string) | undefined;
  return {
    description,
    schema,
    table: { name: description.table, columns },
    timeField: description.time as keyof Record & string,
    timeColumn: description.fields[description.time]!.column,
    retained: session !== undefined,
    ...(session ? { sessionField, sessionColumn: session[1].column } : {}),
    toRow(record, { receivedAt, hashSession }) {
      const values = record as { [field: string]: SqlValue };
      const row: { [column: string]: SqlValue } = {};
      for (const column of columns) {
        row[column.name] =
          column.field === sessionField ? hashSession(values[column.field] as string)
          : column.field === 'receivedAt' ? receivedAt
          : (values[column.field] ?? null);
      }
      return row;
    },
    ...extra,
  };
}

const telemetryEventKind = recordKind(records.TELEMETRY_EVENT, telemetryEventSchema);

export const telemetryEvents: RecordKind<TelemetryEventRecord> = {
  ...telemetryEventKind,
  afterInsert: (dialect) => (rows) => afterInsert(dialect, rows, telemetryEventKind.table),
};

export const surveyResponses = recordKind(records.SURVEY_RESPONSE, surveyResponseSchema);

/** A safety audit completed with its event's type and severity, which travel with it. */
export type ResolvedSafetyAudit = SafetyAuditRecord & z.output<z.ZodObject<Shape<NonNullable<typeof records.SAFETY_AUDIT.resolved>>>>;

export const safetyAudits = recordKind<ResolvedSafetyAudit>(
  records.SAFETY_AUDIT,
  // Unknown until resolve reads the audited event, which it does before any row is made.
  safetyAuditSchema.transform((a) => ({ ...a, eventType: '' as ResolvedSafetyAudit['eventType'], validationSeverity: null })),
  {
    async resolve(audits, db) {
      const ids = [...new Set(audits.map((a) => a.eventId))];
      const events = await db.query<{ event_id: string; event_type: ResolvedSafetyAudit['eventType']; validation_severity: ResolvedSafetyAudit['validationSeverity'] }>(
        sql`SELECT event_id, event_type, validation_severity FROM telemetry_events
            WHERE event_id IN (${sql.join(ids.map((id) => sql`${id}`))})`,
      );
      const byId = new Map(events.map((e) => [e.event_id, e]));
      return audits.map((audit) => {
        const event = byId.get(audit.eventId);
        if (!event) return { code: 'UNKNOWN_EVENT', field: 'eventId', message: `no stored event ${audit.eventId}` };
        if (!(c.AUDITABLE_EVENT_TYPES as readonly string[]).includes(event.event_type))
          return {
            code: 'NOT_AUDITABLE',
            field: 'eventId',
            message: `event ${audit.eventId} is ${event.event_type}; audits judge ${c.AUDITABLE_EVENT_TYPES.join(' or ')} events`,
          };
        return { ...audit, eventType: event.event_type, validationSeverity: event.validation_severity };
      });
    },
  },
);

export const gaugeObservations = recordKind(records.GAUGE_OBSERVATION, gaugeObservationSchema);
export const subscriptionEvents = recordKind(records.SUBSCRIPTION_EVENT, subscriptionEventSchema);

/** The rules of the fields metrics are split and filtered by, per record source. */
const SOURCE_FIELD_RULES = Object.values(SOURCE_RECORDS).map(
  (record): Record<string, z.ZodType> => Object.fromEntries(readableFields(record).map(([name, field]) => [name, field.rule])),
);

/**
 * Whether a record could hold `key` in `dimension`, written as `segments` shows it (flags as "true"
 * and "false", numbers as digits). A filter value none could hold is refused, not answered with
 * nothing: a typo, or a path or an address pasted into a filter, shows as an error.
 */
export function isSegmentKey(dimension: string, key: string): boolean {
  const value = key === 'true' ? true : key === 'false' ? false : key;
  return SOURCE_FIELD_RULES.some((fields) => {
    const rule = fields[dimension];
    return rule !== undefined && key !== '' && (rule.safeParse(value).success || rule.safeParse(Number(key)).success);
  });
}

/** The values of a closed field (an enum of the contract; flags as "true" and "false"), or null. */
function closedValues(rule: z.ZodType): readonly string[] | null {
  if (rule instanceof z.ZodEnum) return rule.options as string[];
  if (rule instanceof z.ZodBoolean) return ['true', 'false'];
  if (rule instanceof z.ZodPipe) return closedValues(rule.in as z.ZodType);
  if (rule instanceof z.ZodOptional || rule instanceof z.ZodNullable) return closedValues(rule.unwrap() as z.ZodType);
  return null;
}

/**
 * What may be written for `dimension` where `isSegmentKey` checks it, for messages: the values of a
 * closed field of the contract (`['STATIC', 'EMBEDDED', 'MLX']`), `null` for an open one (a version,
 * a number), `undefined` for a name that is no field of any record.
 */
export function segmentKeysOf(dimension: string): readonly string[] | null | undefined {
  const rules = SOURCE_FIELD_RULES.flatMap((fields) => (fields[dimension] ? [fields[dimension]] : []));
  if (rules.length === 0) return undefined;
  const values = rules.map(closedValues);
  return values.some((v) => v === null) ? null : [...new Set(values.flatMap((v) => v ?? []))];
}
