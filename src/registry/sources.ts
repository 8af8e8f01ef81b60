/**
 * What a formula can read: each record source with its time column and the fields (in the
 * ingestion contract's names) that filters and segments may use. Segment names are these fields.
 * Derived from the record descriptions (src/ingestion/records.ts): the fields marked `metric`. The
 * values they hold are typed from the contract, so that a plugin's `where: { backend: 'STATIK' }`
 * does not compile.
 */
import type { Platform } from '../ingestion/contract.js';
import type { AnyRecordDescription, Field, Fields, RecordDescription } from '../ingestion/fields.js';
import type { SafetyAuditRecord, SubscriptionEventRecord, SurveyResponseRecord, TelemetryEventRecord } from '../ingestion/record-kinds.js';
import * as records from '../ingestion/records.js';

/** The record kind behind each source. */
export const SOURCE_RECORDS = {
  events: records.TELEMETRY_EVENT,
  surveys: records.SURVEY_RESPONSE,
  audits: records.SAFETY_AUDIT,
  subscriptions: records.SUBSCRIPTION_EVENT,
} as const;

/** The metric-readable fields of a record, name to column. */
type MetricFields<F extends Fields> = { readonly [K in keyof F as F[K] extends { readonly metric: true } ? K : never]: F[K]['column'] };

/** A record's fields and the ones the server fills in (an audit's event type and severity are its event's). */
export const readableFields = (record: AnyRecordDescription): [string, Field][] =>
  [...Object.entries(record.fields), ...Object.entries(record.resolved ?? {})].filter(([, field]) => field.metric);

function sourceOf<const F extends Fields, const R extends Fields>(record: RecordDescription<F, R>) {
  return {
    table: record.table,
    time: record.fields[record.time]!.column,
    fields: Object.fromEntries(readableFields(record).map(([name, field]) => [name, field.column])) as MetricFields<F & R>,
  };
}

export const SOURCES = {
  events: sourceOf(SOURCE_RECORDS.events),
  surveys: sourceOf(SOURCE_RECORDS.surveys),
  audits: sourceOf(SOURCE_RECORDS.audits),
  subscriptions: sourceOf(SOURCE_RECORDS.subscriptions),
} as const;

export type SourceName = keyof typeof SOURCES;
export type FieldOf<S extends SourceName> = keyof (typeof SOURCES)[S]['fields'] & string;
export type EventField = FieldOf<'events'>;

export function columnOf(source: SourceName, field: string): string | undefined {
  return (SOURCES[source].fields as Record<string, string>)[field];
}

/** Fields stored as booleans: their segment keys are 'true' and 'false'. */
export const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(
  Object.values(SOURCE_RECORDS).flatMap((record) => readableFields(record).filter(([, field]) => field.graphql === 'Boolean').map(([name]) => name)),
);

/**
 * Each source's records as the data contract checks them (a platform is one of the contract's
 * `<os>-<arch>` pairs; an audit carries its event's type and severity).
 */
interface SourceRecords {
  events: Omit<TelemetryEventRecord, 'platform'> & { platform: Platform };
  surveys: SurveyResponseRecord;
  audits: SafetyAuditRecord & Pick<TelemetryEventRecord, 'eventType' | 'validationSeverity'>;
  subscriptions: SubscriptionEventRecord;
}

/** What field `F` of source `S` holds: a closed set of the contract (`'STATIC' | 'EMBEDDED' | 'MLX'`), a number, a flag or text. */
export type FieldValue<S extends SourceName, F extends FieldOf<S>> = NonNullable<SourceRecords[S][F & keyof SourceRecords[S]]>;

/** Every field name of every source: what a metric can be split by, unless its escape-hatch query says otherwise. */
export type Dimension = { [S in SourceName]: FieldOf<S> }[SourceName];

type DimensionValue<D extends string> = { [S in SourceName]: D extends FieldOf<S> ? FieldValue<S, D> : never }[SourceName];
type KeyOf<V> = V extends boolean ? `${V}` : V extends number ? `${number}` : V extends string ? V : string;

/**
 * A value of dimension `D` as `segments` shows it and targets and alert scopes name it: the contract's
 * closed set for a closed field (`SegmentKey<'backend'>` is `'STATIC' | 'EMBEDDED' | 'MLX'`), `'true' | 'false'`
 * for a flag, digits for a number; any text for a dimension no record has (an escape-hatch query's).
 */
export type SegmentKey<D extends string> = [DimensionValue<D>] extends [never] ? string : KeyOf<DimensionValue<D>>;
