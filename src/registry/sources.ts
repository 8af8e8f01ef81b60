/**
 * What a formula can read: each record source with its time column and the fields (in the
 * ingestion contract's names) that filters and segments may use. Segment names are these fields.
 * The values they hold are typed from the contract (src/ingestion/record-kinds.ts), so that a
 * plugin's `where: { backend: 'STATIK' }` does not compile.
 */
import type { Platform } from '../ingestion/contract.js';
import type {
  SafetyAuditRecord,
  SubscriptionEventRecord,
  SurveyResponseRecord,
  TelemetryEventRecord,
} from '../ingestion/record-kinds.js';

export const SOURCES = {
  events: {
    table: 'telemetry_events',
    time: 'timestamp',
    fields: {
      eventType: 'event_type',
      backend: 'backend',
      platform: 'platform',
      caroVersion: 'caro_version',
      latencyMs: 'latency_ms',
      success: 'success',
      errorCategory: 'error_category',
      confidenceScore: 'confidence_score',
      validationSeverity: 'validation_severity',
      safetyMode: 'safety_mode',
      queryComplexity: 'query_complexity',
      refinementCount: 'refinement_count',
      model: 'model',
      inferenceMs: 'inference_ms',
      memoryMb: 'memory_mb',
      cpuPercent: 'cpu_percent',
      historyEnabled: 'history_enabled',
      pluginCount: 'plugin_count',
      persona: 'persona',
      acquisitionSource: 'acquisition_source',
    },
  },
  surveys: {
    table: 'survey_responses',
    time: 'timestamp',
    fields: { survey: 'survey', score: 'score', feature: 'feature', answer: 'answer', persona: 'persona' },
  },
  audits: {
    table: 'safety_audits',
    time: 'audited_at',
    fields: { verdict: 'verdict', eventType: 'event_type', validationSeverity: 'validation_severity' },
  },
  subscriptions: {
    table: 'subscription_events',
    time: 'timestamp',
    fields: { kind: 'kind', tier: 'tier', seats: 'seats', monthlyAmountCents: 'monthly_amount_cents' },
  },
} as const;

export type SourceName = keyof typeof SOURCES;
export type FieldOf<S extends SourceName> = keyof (typeof SOURCES)[S]['fields'] & string;
export type EventField = FieldOf<'events'>;

export function columnOf(source: SourceName, field: string): string | undefined {
  return (SOURCES[source].fields as Record<string, string>)[field];
}

/** Fields stored as booleans: their segment keys are 'true' and 'false'. */
export const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['success', 'historyEnabled']);

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
