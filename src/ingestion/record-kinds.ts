/**
 * One descriptor per record kind of METRICS.md §2: its rules (a zod schema), the table it lands in,
 * and how a checked record becomes a row. The ingestion pipeline (ingest.ts) is the same for all.
 */
import { z } from 'zod';
import type { SqlValue } from '../sql/fragment.js';
import type { Dialect } from '../env.js';
import { afterInsert } from '../rollups/maintain.js';
import type { AfterInsert, SqlExecutor, TableSpec } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';
import * as c from './contract.js';

const uuid = z.string().regex(c.PATTERNS.uuid, 'expected a UUID').transform((s) => s.toLowerCase());
const instant = z.date({ error: 'expected an ISO-8601 date-time' });
const int = (min: number, max: number) => z.number().int('expected a whole number').min(min).max(max);
const pattern = (regex: RegExp, max: number, what: string) =>
  z.string().max(max).regex(regex, `expected ${what} (${regex.source})`);
const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);
/**
 * A closed set. Clients send these as strings, and a value this server does not know (a newer
 * client's new event type) is refused for its record alone with UNKNOWN_VALUE (ingest.ts).
 */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `unknown ${what}: not one of the values this server knows (telemetryPolicy lists them)` });

export const telemetryEventSchema = z.strictObject({
  eventId: uuid,
  timestamp: instant,
  sessionId: uuid,
  eventType: oneOf(c.EVENT_TYPES, 'event type'),
  backend: oneOf(c.BACKENDS, 'backend'),
  platform: oneOf(c.PLATFORMS as [string, ...string[]], 'platform'),
  caroVersion: pattern(c.PATTERNS.caroVersion, 32, 'a version like 1.2.3 or 1.3.0-beta.2'),
  latencyMs: int(0, c.MAX_LATENCY_MS),
  success: z.boolean(),
  errorCategory: optional(oneOf(c.ERROR_CATEGORIES, 'error category')),
  confidenceScore: optional(z.number().min(0).max(1)),
  validationSeverity: optional(oneOf(c.VALIDATION_SEVERITIES, 'validation severity')),
  safetyMode: optional(oneOf(c.SAFETY_MODES, 'safety mode')),
  queryComplexity: optional(oneOf(c.QUERY_COMPLEXITIES, 'query complexity')),
  refinementCount: optional(int(0, 100)),
  model: optional(pattern(c.PATTERNS.model, 48, 'a known model family, size and quantization like qwen2.5-coder-1.5b')),
  inferenceMs: optional(int(0, c.MAX_LATENCY_MS)),
  memoryMb: optional(z.number().min(0).max(1_048_576)),
  cpuPercent: optional(z.number().min(0).max(100_000)),
  historyEnabled: optional(z.boolean()),
  pluginCount: optional(int(0, 10_000)),
  persona: optional(oneOf(c.USER_PERSONAS, 'persona')),
  acquisitionSource: optional(oneOf(c.ACQUISITION_SOURCES, 'acquisition source')),
});

const SCORE_RANGE = { NPS: [0, 10], CSAT: [1, 5] } as const;

export const surveyResponseSchema = z
  .strictObject({
    responseId: uuid,
    sessionId: uuid,
    timestamp: instant,
    survey: oneOf(c.SURVEYS, 'survey'),
    score: optional(z.number().int('expected a whole number')),
    feature: optional(oneOf(c.SURVEY_FEATURES, 'feature')),
    answer: optional(oneOf(c.SURVEY_ANSWERS, 'answer')),
    persona: optional(oneOf(c.SURVEY_PERSONAS, 'persona')),
  })
  .superRefine((r, ctx) => {
    const fail = (field: string, code: c.IngestErrorCode, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message, params: { code } });
    const range = r.survey === 'NPS' || r.survey === 'CSAT' ? SCORE_RANGE[r.survey] : null;
    if (range === null && r.score !== null) fail('score', 'NOT_ALLOWED', `a ${r.survey} response has no score`);
    if (range !== null && r.score === null) fail('score', 'REQUIRED', `a ${r.survey} response needs a score`);
    if (range !== null && r.score !== null && (r.score < range[0] || r.score > range[1]))
      fail('score', 'OUT_OF_RANGE', `a ${r.survey} score is from ${range[0]} to ${range[1]}`);
    const needsFeature = r.survey === 'FEATURE';
    if (needsFeature && r.feature === null) fail('feature', 'REQUIRED', 'a FEATURE response names its feature');
    if (!needsFeature && r.feature !== null) fail('feature', 'NOT_ALLOWED', `a ${r.survey} response has no feature`);
    const needsAnswer = r.survey === 'FEATURE' || r.survey.startsWith('SUPPORT_');
    if (needsAnswer && r.answer === null) fail('answer', 'REQUIRED', `a ${r.survey} response needs an answer`);
    if (!needsAnswer && r.answer !== null) fail('answer', 'NOT_ALLOWED', `a ${r.survey} response has no answer`);
    if (r.answer === 'PARTIALLY' && r.survey !== 'SUPPORT_RESOLUTION')
      fail('answer', 'INVALID_VALUE', 'PARTIALLY is an answer to SUPPORT_RESOLUTION only');
  });

export const safetyAuditSchema = z.strictObject({
  auditId: uuid,
  eventId: uuid,
  verdict: oneOf(c.AUDIT_VERDICTS, 'verdict'),
  auditedAt: instant,
});

export const gaugeObservationSchema = z.strictObject({
  source: pattern(c.PATTERNS.gaugeKey, 32, 'a snake_case source like github'),
  name: pattern(c.PATTERNS.gaugeKey, 32, 'a snake_case name like stars'),
  value: z.number().min(-c.MAX_GAUGE_VALUE).max(c.MAX_GAUGE_VALUE),
  observedAt: instant,
});

export const subscriptionEventSchema = z
  .strictObject({
    eventId: uuid,
    accountId: uuid,
    timestamp: instant,
    kind: oneOf(c.SUBSCRIPTION_KINDS, 'subscription kind'),
    tier: oneOf(c.TIERS, 'tier'),
    seats: int(1, 1_000_000),
    monthlyAmountCents: int(0, 2_000_000_000),
  })
  .superRefine((r, ctx) => {
    if (r.kind === 'CANCELLED' && r.monthlyAmountCents !== 0)
      ctx.addIssue({
        code: 'custom',
        path: ['monthlyAmountCents'],
        message: 'a CANCELLED event leaves a monthly amount of 0',
        params: { code: 'INVALID_VALUE' },
      });
  });

/**
 * The rules of the fields metrics are split and filtered by, per record source (an audit's event
 * type and severity are its event's).
 */
const SOURCE_FIELD_RULES: Record<string, Record<string, z.ZodType>> = {
  events: telemetryEventSchema.shape,
  surveys: surveyResponseSchema.shape,
  audits: { ...safetyAuditSchema.shape, eventType: telemetryEventSchema.shape.eventType, validationSeverity: telemetryEventSchema.shape.validationSeverity },
  subscriptions: subscriptionEventSchema.shape,
};

/**
 * Whether a record could hold `key` in `dimension`, written as `segments` shows it (flags as "true"
 * and "false", numbers as digits). A filter value none could hold is refused, not answered with
 * nothing: a typo, or a path or an address pasted into a filter, shows as an error.
 */
export function isSegmentKey(dimension: string, key: string): boolean {
  const value = key === 'true' ? true : key === 'false' ? false : key;
  return Object.values(SOURCE_FIELD_RULES).some((fields) => {
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
  const rules = Object.values(SOURCE_FIELD_RULES).flatMap((fields) => (fields[dimension] ? [fields[dimension]] : []));
  if (rules.length === 0) return undefined;
  const values = rules.map(closedValues);
  return values.some((v) => v === null) ? null : [...new Set(values.flatMap((v) => v ?? []))];
}

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

export interface RecordKind<Record> {
  readonly schema: z.ZodType<Record, unknown>;
  readonly table: TableSpec;
  /** The field that says when the record happened (skew-corrected and range-checked). */
  readonly timeField: keyof Record & string;
  /** Subject to the retention window (records tied to a session). */
  readonly retained: boolean;
  /** The consent-session id of a record tied to one: refused once that session is deleted. */
  readonly sessionField?: keyof Record & string;
  toRow(record: Record, context: RowContext): SqlValue[];
  /** Checks that need the database; returns the record, completed, or why it is refused. */
  resolve?(records: readonly Record[], db: SqlExecutor): Promise<(Record | RecordIssue)[]>;
  /** What else changes, in the same transaction, with the rows a batch stored (the rollups). */
  afterInsert?(dialect: Dialect): AfterInsert;
}

const table = (name: string, columns: [string, string][]): TableSpec => ({
  name,
  columns: columns.map(([column, pgType]) => ({ name: column, pgType })),
});

const telemetryEventTable = table('telemetry_events', [
    ['event_id', 'text'], ['timestamp', 'timestamptz'], ['session_hash', 'text'], ['event_type', 'text'],
    ['backend', 'text'], ['platform', 'text'], ['caro_version', 'text'], ['latency_ms', 'integer'],
    ['success', 'boolean'], ['error_category', 'text'], ['confidence_score', 'float8'],
    ['validation_severity', 'text'], ['safety_mode', 'text'], ['query_complexity', 'text'],
    ['refinement_count', 'integer'], ['model', 'text'], ['inference_ms', 'integer'], ['memory_mb', 'float8'],
    ['cpu_percent', 'float8'], ['history_enabled', 'boolean'], ['plugin_count', 'integer'], ['persona', 'text'],
    ['acquisition_source', 'text'], ['received_at', 'timestamptz'],
  ]);

/** A row as column name to value. */
const rowObject = (spec: TableSpec, row: readonly SqlValue[]): Record<string, SqlValue> =>
  Object.fromEntries(spec.columns.map((column, i) => [column.name, row[i] ?? null]));

export const telemetryEvents: RecordKind<TelemetryEventRecord> = {
  schema: telemetryEventSchema,
  afterInsert: (dialect) => (rows) => afterInsert(dialect, rows.map((row) => rowObject(telemetryEventTable, row)), telemetryEventTable),
  timeField: 'timestamp',
  retained: true,
  sessionField: 'sessionId',
  table: telemetryEventTable,
  toRow: (e, { receivedAt, hashSession }) => [
    e.eventId, e.timestamp, hashSession(e.sessionId), e.eventType, e.backend, e.platform, e.caroVersion,
    e.latencyMs, e.success, e.errorCategory, e.confidenceScore, e.validationSeverity, e.safetyMode,
    e.queryComplexity, e.refinementCount, e.model, e.inferenceMs, e.memoryMb, e.cpuPercent, e.historyEnabled,
    e.pluginCount, e.persona, e.acquisitionSource, receivedAt,
  ],
};

export const surveyResponses: RecordKind<SurveyResponseRecord> = {
  schema: surveyResponseSchema,
  timeField: 'timestamp',
  retained: true,
  sessionField: 'sessionId',
  table: table('survey_responses', [
    ['response_id', 'text'], ['session_hash', 'text'], ['timestamp', 'timestamptz'], ['survey', 'text'],
    ['score', 'integer'], ['feature', 'text'], ['answer', 'text'], ['persona', 'text'], ['received_at', 'timestamptz'],
  ]),
  toRow: (r, { receivedAt, hashSession }) => [
    r.responseId, hashSession(r.sessionId), r.timestamp, r.survey, r.score, r.feature, r.answer, r.persona, receivedAt,
  ],
};

/** A safety audit completed with its event's type and severity, which travel with it. */
export type ResolvedSafetyAudit = SafetyAuditRecord & { eventType: string; validationSeverity: string | null };

export const safetyAudits: RecordKind<ResolvedSafetyAudit> = {
  schema: safetyAuditSchema.transform((a) => ({ ...a, eventType: '', validationSeverity: null })),
  async resolve(audits, db) {
    const ids = [...new Set(audits.map((a) => a.eventId))];
    const events = await db.query<{ event_id: string; event_type: string; validation_severity: string | null }>(
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
  timeField: 'auditedAt',
  retained: false,
  table: table('safety_audits', [
    ['audit_id', 'text'], ['event_id', 'text'], ['event_type', 'text'], ['validation_severity', 'text'],
    ['verdict', 'text'], ['audited_at', 'timestamptz'], ['received_at', 'timestamptz'],
  ]),
  toRow: (a, { receivedAt }) => [
    a.auditId, a.eventId, a.eventType, a.validationSeverity, a.verdict, a.auditedAt, receivedAt,
  ],
};

export const gaugeObservations: RecordKind<GaugeObservationRecord> = {
  schema: gaugeObservationSchema,
  timeField: 'observedAt',
  retained: false,
  table: table('gauge_observations', [
    ['source', 'text'], ['name', 'text'], ['observed_at', 'timestamptz'], ['value', 'float8'], ['received_at', 'timestamptz'],
  ]),
  toRow: (g, { receivedAt }) => [g.source, g.name, g.observedAt, g.value, receivedAt],
};

export const subscriptionEvents: RecordKind<SubscriptionEventRecord> = {
  schema: subscriptionEventSchema,
  timeField: 'timestamp',
  retained: false,
  table: table('subscription_events', [
    ['event_id', 'text'], ['account_id', 'text'], ['timestamp', 'timestamptz'], ['kind', 'text'], ['tier', 'text'],
    ['seats', 'integer'], ['monthly_amount_cents', 'integer'], ['received_at', 'timestamptz'],
  ]),
  toRow: (s, { receivedAt }) => [
    s.eventId, s.accountId, s.timestamp, s.kind, s.tier, s.seats, s.monthlyAmountCents, receivedAt,
  ],
};
