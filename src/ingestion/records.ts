/**
 * The record kinds of METRICS.md §2, each described once: every field with its rule (bounds,
 * pattern, allowed values), its GraphQL description, its column, and whether metrics read it.
 * Derived from these: the GraphQL input and export types (src/schema/record-types.ts), the zod
 * schemas, columns and rows (record-kinds.ts), the record sources of formulas
 * (src/registry/sources.ts), the purge and the export (src/privacy). Adding a field is one line
 * here plus a migration (prisma/schema.prisma; a test holds the two equal).
 */
import * as c from './contract.js';
import { anyInt, bool, closedSet, defineRecord, float, instant, int, oneOf, optional, pattern, sessionId, uuid } from './fields.js';

// The closed sets; those with an enum name are also GraphQL enums, which exports give values back as.
export const EVENT_TYPE = closedSet({ values: c.EVENT_TYPES, what: 'event type', description: 'What happened in the Caro CLI.', enum: 'EventType' });
export const BACKEND = closedSet({ values: c.BACKENDS, what: 'backend', description: 'The inference backend that served the request.', enum: 'Backend' });
export const VALIDATION_SEVERITY = closedSet({ values: c.VALIDATION_SEVERITIES, what: 'validation severity', description: 'Severity of a safety validation.', enum: 'ValidationSeverity' });
export const SAFETY_MODE = closedSet({ values: c.SAFETY_MODES, what: 'safety mode', description: "The user's safety mode.", enum: 'SafetyMode' });
export const QUERY_COMPLEXITY = closedSet({
  values: c.QUERY_COMPLEXITIES,
  what: 'query complexity',
  description: 'SIMPLE 1-3 words, MEDIUM 4-7, COMPLEX 8+ (bucketed on the client; the query never leaves it).',
  enum: 'QueryComplexity',
});
export const USER_PERSONA = closedSet({ values: c.USER_PERSONAS, what: 'persona', description: 'Self-declared experience.', enum: 'UserPersona' });
export const ACQUISITION_SOURCE = closedSet({ values: c.ACQUISITION_SOURCES, what: 'acquisition source', description: 'Where the user heard of Caro (sent on INSTALLED).', enum: 'AcquisitionSource' });
export const PLATFORM = closedSet({ values: c.PLATFORMS as [string, ...string[]], what: 'platform', description: 'The build target, `<os>-<arch>`:' });
export const ERROR_CATEGORY = closedSet({ values: c.ERROR_CATEGORIES, what: 'error category', description: 'What went wrong.' });
export const SURVEY = closedSet({ values: c.SURVEYS, what: 'survey', description: 'Which survey a response answers.', enum: 'Survey' });
export const SURVEY_FEATURE = closedSet({ values: c.SURVEY_FEATURES, what: 'feature', description: 'The feature a FEATURE survey asks about.', enum: 'SurveyFeature' });
export const SURVEY_ANSWER = closedSet({ values: c.SURVEY_ANSWERS, what: 'answer', description: 'A fixed answer; PARTIALLY for SUPPORT_RESOLUTION only.', enum: 'SurveyAnswer' });
export const SURVEY_PERSONA = closedSet({ values: c.SURVEY_PERSONAS, what: 'persona', description: "The respondent's role.", enum: 'SurveyPersona' });
export const AUDIT_VERDICT = closedSet({ values: c.AUDIT_VERDICTS, what: 'verdict', description: "An auditor's verdict on a safety decision." });
export const SUBSCRIPTION_KIND = closedSet({ values: c.SUBSCRIPTION_KINDS, what: 'subscription kind', description: 'What happened to the subscription.' });
export const TIER = closedSet({ values: c.TIERS, what: 'tier', description: 'Subscription tier.' });

const IDEMPOTENCY_KEY = 'Chosen by the client; the idempotency key.';

export const TELEMETRY_EVENT = defineRecord({
  description: 'One telemetry event. There is no field for query text, command text, paths or user ids.',
  table: 'telemetry_events',
  key: ['eventId'],
  time: 'timestamp',
  fields: {
    eventId: { column: 'event_id', ...uuid(IDEMPOTENCY_KEY) },
    timestamp: { column: 'timestamp', ...instant('At most 24 h ahead of the server and inside the retention window.') },
    sessionId: { column: 'session_hash', ...sessionId('The consent session; stored only as a keyed hash.') },
    eventType: { column: 'event_type', ...oneOf(EVENT_TYPE), metric: true },
    backend: { column: 'backend', ...oneOf(BACKEND), metric: true },
    platform: {
      column: 'platform',
      ...oneOf(PLATFORM, undefined, `os one of ${c.PLATFORM_OSES.join(', ')}; arch one of ${c.PLATFORM_ARCHES.join(', ')}.`),
      metric: true,
    },
    caroVersion: {
      column: 'caro_version',
      ...pattern(c.PATTERNS.caroVersion, 32, 'a version like 1.2.3 or 1.3.0-beta.2', (regex) =>
        `MAJOR.MINOR.PATCH, optionally -${c.PRERELEASE_TAGS.join('|-')} with a number (1.3.0-beta.2); no build metadata. ${regex}.`),
      metric: true,
    },
    latencyMs: { column: 'latency_ms', ...int(0, c.MAX_LATENCY_MS), metric: true },
    success: { column: 'success', ...bool(), metric: true },
    errorCategory: { column: 'error_category', ...optional(oneOf(ERROR_CATEGORY)), metric: true },
    confidenceScore: { column: 'confidence_score', ...optional(float(0, 1)), metric: true },
    validationSeverity: { column: 'validation_severity', ...optional(oneOf(VALIDATION_SEVERITY)), metric: true },
    safetyMode: { column: 'safety_mode', ...optional(oneOf(SAFETY_MODE)), metric: true },
    queryComplexity: {
      column: 'query_complexity',
      ...optional(oneOf(QUERY_COMPLEXITY, 'SIMPLE 1-3 words, MEDIUM 4-7, COMPLEX 8+ (bucketed on the client).')),
      metric: true,
    },
    refinementCount: { column: 'refinement_count', ...optional(int(0, 100, (bound) => `Agent-loop refinements for this query, ${bound}.`)), metric: true },
    model: {
      column: 'model',
      ...optional(pattern(c.PATTERNS.model, 48, 'a known model family, size and quantization like qwen2.5-coder-1.5b', (regex) =>
        `A known model family (${c.MODEL_FAMILIES.join(', ')}), optionally mlx- before it and variant, size and quantization after it: ` +
        `qwen2.5-coder-1.5b, mlx-smollm2-360m-q4. ${regex}.`)),
      metric: true,
    },
    inferenceMs: { column: 'inference_ms', ...optional(int(0, c.MAX_LATENCY_MS)), metric: true },
    memoryMb: { column: 'memory_mb', ...optional(float(0, 1_048_576, (bound) => `Memory in use during inference, in MB, ${bound}.`)), metric: true },
    cpuPercent: { column: 'cpu_percent', ...optional(float(0, 100_000, (bound) => `CPU use during inference, in percent, ${bound}.`)), metric: true },
    historyEnabled: { column: 'history_enabled', ...optional(bool()), metric: true },
    pluginCount: { column: 'plugin_count', ...optional(int(0, 10_000)), metric: true },
    persona: { column: 'persona', ...optional(oneOf(USER_PERSONA)), metric: true },
    acquisitionSource: { column: 'acquisition_source', ...optional(oneOf(ACQUISITION_SOURCE)), metric: true },
  },
});

/** The surveys that have a score, and its range. */
export const SCORE_RANGE = { NPS: [0, 10], CSAT: [1, 5] } as const;

export const SURVEY_RESPONSE = defineRecord({
  description: 'One survey answer. No free text: scores and fixed choices only.',
  table: 'survey_responses',
  key: ['responseId'],
  time: 'timestamp',
  fields: {
    responseId: { column: 'response_id', ...uuid(IDEMPOTENCY_KEY) },
    sessionId: { column: 'session_hash', ...sessionId() },
    timestamp: { column: 'timestamp', ...instant() },
    survey: { column: 'survey', ...oneOf(SURVEY), metric: true },
    score: {
      column: 'score',
      ...optional(anyInt(`${Object.entries(SCORE_RANGE).map(([survey, [min, max]]) => `${survey} ${min}-${max}`).join(', ')}; absent for other surveys.`)),
      metric: true,
    },
    feature: { column: 'feature', ...optional(oneOf(SURVEY_FEATURE, 'FEATURE surveys only.')), metric: true },
    answer: { column: 'answer', ...optional(oneOf(SURVEY_ANSWER, 'FEATURE and SUPPORT_* surveys only; PARTIALLY for SUPPORT_RESOLUTION only.')), metric: true },
    persona: { column: 'persona', ...optional(oneOf(SURVEY_PERSONA)), metric: true },
  },
  refine(r, fail) {
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
  },
});

export const SAFETY_AUDIT = defineRecord({
  table: 'safety_audits',
  key: ['auditId'],
  time: 'auditedAt',
  fields: {
    auditId: { column: 'audit_id', ...uuid('The idempotency key.') },
    eventId: { column: 'event_id', ...uuid(`A stored ${c.AUDITABLE_EVENT_TYPES.join(' or ')} event.`) },
    verdict: { column: 'verdict', ...oneOf(AUDIT_VERDICT), metric: true },
    auditedAt: { column: 'audited_at', ...instant() },
  },
  // The audited event's, copied in so that the verdict keeps its meaning once the event is purged.
  resolved: {
    eventType: { ...TELEMETRY_EVENT.fields.eventType },
    validationSeverity: { ...TELEMETRY_EVENT.fields.validationSeverity },
  },
});

export const GAUGE_OBSERVATION = defineRecord({
  description: 'A figure the platform cannot see itself; idempotent on (source, name, observedAt).',
  table: 'gauge_observations',
  key: ['source', 'name', 'observedAt'],
  time: 'observedAt',
  fields: {
    source: { column: 'source', ...pattern(c.PATTERNS.gaugeKey, 32, 'a snake_case source like github', (regex) => `${regex} (github).`) },
    name: { column: 'name', ...pattern(c.PATTERNS.gaugeKey, 32, 'a snake_case name like stars', (regex) => `${regex} (stars).`) },
    value: { column: 'value', ...float(-c.MAX_GAUGE_VALUE, c.MAX_GAUGE_VALUE, (bound) => `From ${bound}.`) },
    observedAt: { column: 'observed_at', ...instant('May be old: gauges are not subject to retention.') },
  },
});

export const SUBSCRIPTION_EVENT = defineRecord({
  table: 'subscription_events',
  key: ['eventId'],
  time: 'timestamp',
  fields: {
    eventId: { column: 'event_id', ...uuid('The idempotency key.') },
    accountId: { column: 'account_id', ...uuid('An anonymous billing account.') },
    timestamp: { column: 'timestamp', ...instant() },
    kind: { column: 'kind', ...oneOf(SUBSCRIPTION_KIND), metric: true },
    tier: { column: 'tier', ...oneOf(TIER), metric: true },
    seats: { column: 'seats', ...int(1, 1_000_000), metric: true },
    monthlyAmountCents: {
      column: 'monthly_amount_cents',
      ...int(0, 2_000_000_000, (bound) => `The account's whole monthly amount after this event, ${bound}; 0 when cancelled.`),
      metric: true,
    },
  },
  refine(r, fail) {
    if (r.kind === 'CANCELLED' && r.monthlyAmountCents !== 0) fail('monthlyAmountCents', 'INVALID_VALUE', 'a CANCELLED event leaves a monthly amount of 0');
  },
});

/** Every record kind, by the name its GraphQL fields use (ingestionStats, the purge). */
export const RECORDS = {
  telemetryEvents: TELEMETRY_EVENT,
  surveyResponses: SURVEY_RESPONSE,
  safetyAudits: SAFETY_AUDIT,
  gaugeObservations: GAUGE_OBSERVATION,
  subscriptionEvents: SUBSCRIPTION_EVENT,
} as const;
