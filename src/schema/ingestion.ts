/**
 * Ingestion mutations (public contract: METRICS.md §2) and `ingestionStats`. Input types are built
 * from the contract's lists; types and unknown fields are checked by GraphQL, every other rule per
 * record by src/ingestion, so one bad record is refused alone.
 */
import { builder } from '../builder.js';
import { db } from '../db.js';
import { apiError } from '../errors.js';
import { IngestErrorCodeRef } from './enums.js';
import * as contract from '../ingestion/contract.js';
import { BatchTooLargeError, type IngestError, type IngestResult } from '../ingestion/ingest.js';
import * as kinds from '../ingestion/record-kinds.js';
import { ingestBatch } from '../ingestion/service.js';

const enumOf = <const T extends readonly string[]>(name: string, values: T, description: string) =>
  builder.enumType(name, { values, description });

// The closed sets as enums, for the answers that give records back (the export, src/schema/privacy.ts).
export const EventTypeRef = enumOf('EventType', contract.EVENT_TYPES, 'What happened in the Caro CLI.');
enumOf('Backend', contract.BACKENDS, 'The inference backend that served the request.');
enumOf('ValidationSeverity', contract.VALIDATION_SEVERITIES, 'Severity of a safety validation.');
enumOf('SafetyMode', contract.SAFETY_MODES, "The user's safety mode.");
enumOf('QueryComplexity', contract.QUERY_COMPLEXITIES, 'SIMPLE 1-3 words, MEDIUM 4-7, COMPLEX 8+ (bucketed on the client; the query never leaves it).');
enumOf('UserPersona', contract.USER_PERSONAS, 'Self-declared experience.');
enumOf('AcquisitionSource', contract.ACQUISITION_SOURCES, 'Where the user heard of Caro (sent on INSTALLED).');
enumOf('Survey', contract.SURVEYS, 'Which survey a response answers.');
enumOf('SurveyFeature', contract.SURVEY_FEATURES, 'The feature a FEATURE survey asks about.');
enumOf('SurveyAnswer', contract.SURVEY_ANSWERS, 'A fixed answer; PARTIALLY for SUPPORT_RESOLUTION only.');
enumOf('SurveyPersona', contract.SURVEY_PERSONAS, "The respondent's role.");

/**
 * A closed set of the contract, sent as a string. As a GraphQL enum, a value this server does not
 * know (a newer client's new event type or backend) failed the whole request with a 400 and no code,
 * and the client lost its batch; as a string it is refused for its record alone (UNKNOWN_VALUE) and
 * the rest is stored. The values are in the description and in telemetryPolicy (`allowedValues`).
 */
const oneOf = (values: readonly string[], description: string, listed = `One of ${values.join(', ')}.`) => ({
  description: `${description} ${listed} Any other value: this record is refused with UNKNOWN_VALUE.`.trimStart(),
  extensions: { allowedValues: [...values] },
});

const TelemetryEventInput = builder.inputType('TelemetryEventInput', {
  description: 'One telemetry event. There is no field for query text, command text, paths or user ids.',
  fields: (t) => ({
    eventId: t.field({ type: 'UUID', description: 'Chosen by the client; the idempotency key.' }),
    timestamp: t.field({ type: 'DateTime', description: 'At most 24 h ahead of the server and inside the retention window.' }),
    sessionId: t.field({ type: 'UUID', description: 'The consent session; stored only as a keyed hash.' }),
    eventType: t.string(oneOf(contract.EVENT_TYPES, 'What happened in the Caro CLI.')),
    backend: t.string(oneOf(contract.BACKENDS, 'The inference backend that served the request.')),
    platform: t.string(
      oneOf(contract.PLATFORMS, 'The build target, `<os>-<arch>`:', `os one of ${contract.PLATFORM_OSES.join(', ')}; arch one of ${contract.PLATFORM_ARCHES.join(', ')}.`),
    ),
    caroVersion: t.string({ description: `MAJOR.MINOR.PATCH, optionally -${contract.PRERELEASE_TAGS.join('|-')} with a number (1.3.0-beta.2); no build metadata. \`${contract.PATTERNS.caroVersion.source}\`.` }),
    latencyMs: t.int({ description: '0 to 600000.' }),
    success: t.boolean(),
    errorCategory: t.string({ required: false, ...oneOf(contract.ERROR_CATEGORIES, 'What went wrong.') }),
    confidenceScore: t.float({ required: false, description: '0 to 1.' }),
    validationSeverity: t.string({ required: false, ...oneOf(contract.VALIDATION_SEVERITIES, 'Severity of a safety validation.') }),
    safetyMode: t.string({ required: false, ...oneOf(contract.SAFETY_MODES, "The user's safety mode.") }),
    queryComplexity: t.string({ required: false, ...oneOf(contract.QUERY_COMPLEXITIES, 'SIMPLE 1-3 words, MEDIUM 4-7, COMPLEX 8+ (bucketed on the client).') }),
    refinementCount: t.int({ required: false, description: 'Agent-loop refinements for this query, 0 to 100.' }),
    model: t.string({ required: false, description: `A known model family (${contract.MODEL_FAMILIES.join(', ')}), optionally mlx- before it and variant, size and quantization after it: qwen2.5-coder-1.5b, mlx-smollm2-360m-q4. \`${contract.PATTERNS.model.source}\`.` }),
    inferenceMs: t.int({ required: false, description: '0 to 600000.' }),
    memoryMb: t.float({ required: false }),
    cpuPercent: t.float({ required: false }),
    historyEnabled: t.boolean({ required: false }),
    pluginCount: t.int({ required: false }),
    persona: t.string({ required: false, ...oneOf(contract.USER_PERSONAS, 'Self-declared experience.') }),
    acquisitionSource: t.string({ required: false, ...oneOf(contract.ACQUISITION_SOURCES, 'Where the user heard of Caro (sent on INSTALLED).') }),
  }),
});

const SurveyResponseInput = builder.inputType('SurveyResponseInput', {
  description: 'One survey answer. No free text: scores and fixed choices only.',
  fields: (t) => ({
    responseId: t.field({ type: 'UUID', description: 'Chosen by the client; the idempotency key.' }),
    sessionId: t.field({ type: 'UUID' }),
    timestamp: t.field({ type: 'DateTime' }),
    survey: t.string(oneOf(contract.SURVEYS, 'Which survey a response answers.')),
    score: t.int({ required: false, description: 'NPS 0-10, CSAT 1-5; absent for other surveys.' }),
    feature: t.string({ required: false, ...oneOf(contract.SURVEY_FEATURES, 'FEATURE surveys only.') }),
    answer: t.string({ required: false, ...oneOf(contract.SURVEY_ANSWERS, 'FEATURE and SUPPORT_* surveys only; PARTIALLY for SUPPORT_RESOLUTION only.') }),
    persona: t.string({ required: false, ...oneOf(contract.SURVEY_PERSONAS, "The respondent's role.") }),
  }),
});

const SafetyAuditInput = builder.inputType('SafetyAuditInput', {
  fields: (t) => ({
    auditId: t.field({ type: 'UUID', description: 'The idempotency key.' }),
    eventId: t.field({ type: 'UUID', description: 'A stored VALIDATION_BLOCKED or COMMAND_EXECUTED event.' }),
    verdict: t.string(oneOf(contract.AUDIT_VERDICTS, "An auditor's verdict on a safety decision.")),
    auditedAt: t.field({ type: 'DateTime' }),
  }),
});

const GaugeObservationInput = builder.inputType('GaugeObservationInput', {
  description: 'A figure the platform cannot see itself; idempotent on (source, name, observedAt).',
  fields: (t) => ({
    source: t.string({ description: '`^[a-z][a-z0-9_]{0,31}$` (github).' }),
    name: t.string({ description: '`^[a-z][a-z0-9_]{0,31}$` (stars).' }),
    value: t.float({ description: `From -${contract.MAX_GAUGE_VALUE} to ${contract.MAX_GAUGE_VALUE}.` }),
    observedAt: t.field({ type: 'DateTime', description: 'May be old: gauges are not subject to retention.' }),
  }),
});

const SubscriptionEventInput = builder.inputType('SubscriptionEventInput', {
  fields: (t) => ({
    eventId: t.field({ type: 'UUID', description: 'The idempotency key.' }),
    accountId: t.field({ type: 'UUID', description: 'An anonymous billing account.' }),
    timestamp: t.field({ type: 'DateTime' }),
    kind: t.string(oneOf(contract.SUBSCRIPTION_KINDS, 'What happened to the subscription.')),
    tier: t.string(oneOf(contract.TIERS, 'Subscription tier.')),
    seats: t.int({ description: 'At least 1.' }),
    monthlyAmountCents: t.int({ description: "The account's whole monthly amount after this event; 0 when cancelled." }),
  }),
});

const IngestErrorRef = builder.objectRef<IngestError>('IngestError').implement({
  description: 'Why one record of a batch was refused. A record may have several.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the record in the batch, from 0.' }),
    code: t.field({ type: IngestErrorCodeRef, resolve: (e) => e.code }),
    field: t.exposeString('field', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

const IngestResultRef = builder.objectRef<IngestResult>('IngestResult').implement({
  description: 'accepted + duplicates + rejected = the batch size.',
  fields: (t) => ({
    accepted: t.exposeInt('accepted', { description: 'Records stored by this call.' }),
    duplicates: t.exposeInt('duplicates', { description: 'Records whose id was already stored (or repeated in the batch).' }),
    rejected: t.exposeInt('rejected', { description: 'Records refused; see errors.' }),
    errors: t.field({ type: [IngestErrorRef], resolve: (r) => r.errors }),
  }),
});

/** Runs a batch, turning the batch limit into its stable GraphQL error. */
async function run<R>(kind: kinds.RecordKind<R>, inputs: readonly unknown[], sentAt?: Date | null) {
  try {
    return await ingestBatch(kind, inputs, sentAt);
  } catch (error) {
    if (error instanceof BatchTooLargeError) throw apiError('BATCH_TOO_LARGE', error.message, { cause: error });
    throw error;
  }
}


builder.mutationFields((t) => ({
  ingestEvents: t.field({
    type: IngestResultRef,
    description: 'Stores a batch of at most 1 000 telemetry events; retrying a batch is safe.',
    args: { events: t.arg({ type: [TelemetryEventInput] }), sentAt: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_, args) => run(kinds.telemetryEvents, args.events, args.sentAt),
  }),
  submitSurveyResponses: t.field({
    type: IngestResultRef,
    description: 'Stores a batch of at most 1 000 survey responses; retrying a batch is safe.',
    args: { responses: t.arg({ type: [SurveyResponseInput] }), sentAt: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_, args) => run(kinds.surveyResponses, args.responses, args.sentAt),
  }),
  recordSafetyAudits: t.field({
    type: IngestResultRef,
    description: 'Stores safety audit verdicts on stored events.',
    args: { verdicts: t.arg({ type: [SafetyAuditInput] }) },
    resolve: (_, args) => run(kinds.safetyAudits, args.verdicts),
  }),
  recordGauges: t.field({
    type: IngestResultRef,
    description: 'Stores gauge observations (github.stars, discord.members…); old timestamps are allowed.',
    args: { observations: t.arg({ type: [GaugeObservationInput] }) },
    resolve: (_, args) => run(kinds.gaugeObservations, args.observations),
  }),
  recordSubscriptionEvents: t.field({
    type: IngestResultRef,
    description: 'Stores billing subscription events.',
    args: { events: t.arg({ type: [SubscriptionEventInput] }) },
    resolve: (_, args) => run(kinds.subscriptionEvents, args.events),
  }),
}));

interface RecordStats {
  count: number;
  first: Date | null;
  last: Date | null;
}

const RecordStatsRef = builder.objectRef<RecordStats>('RecordStats').implement({
  fields: (t) => ({
    count: t.exposeInt('count'),
    first: t.expose('first', { type: 'DateTime', nullable: true, description: 'Earliest record time.' }),
    last: t.expose('last', { type: 'DateTime', nullable: true, description: 'Latest record time.' }),
  }),
});

const IngestionStatsRef = builder.objectRef<Record<string, RecordStats>>('IngestionStats').implement({
  description: 'What is stored, per record kind.',
  fields: (t) => ({
    telemetryEvents: t.field({ type: RecordStatsRef, resolve: (s) => s.telemetryEvents! }),
    surveyResponses: t.field({ type: RecordStatsRef, resolve: (s) => s.surveyResponses! }),
    safetyAudits: t.field({ type: RecordStatsRef, resolve: (s) => s.safetyAudits! }),
    gaugeObservations: t.field({ type: RecordStatsRef, resolve: (s) => s.gaugeObservations! }),
    subscriptionEvents: t.field({ type: RecordStatsRef, resolve: (s) => s.subscriptionEvents! }),
  }),
});

const stats = (result: { _count: number; _min: Record<string, Date | null>; _max: Record<string, Date | null> }, field: string): RecordStats => ({
  count: result._count,
  first: result._min[field] ?? null,
  last: result._max[field] ?? null,
});

builder.queryFields((t) => ({
  ingestionStats: t.field({
    type: IngestionStatsRef,
    description: 'Counts per record kind, with the first and last record times.',
    resolve: async () => {
      const { prisma } = db;
      const [events, surveys, audits, gauges, subscriptions] = await Promise.all([
        prisma.telemetryEvent.aggregate({ _count: true, _min: { timestamp: true }, _max: { timestamp: true } }),
        prisma.surveyResponse.aggregate({ _count: true, _min: { timestamp: true }, _max: { timestamp: true } }),
        prisma.safetyAudit.aggregate({ _count: true, _min: { auditedAt: true }, _max: { auditedAt: true } }),
        prisma.gaugeObservation.aggregate({ _count: true, _min: { observedAt: true }, _max: { observedAt: true } }),
        prisma.subscriptionEvent.aggregate({ _count: true, _min: { timestamp: true }, _max: { timestamp: true } }),
      ]);
      return {
        telemetryEvents: stats(events, 'timestamp'),
        surveyResponses: stats(surveys, 'timestamp'),
        safetyAudits: stats(audits, 'auditedAt'),
        gaugeObservations: stats(gauges, 'observedAt'),
        subscriptionEvents: stats(subscriptions, 'timestamp'),
      };
    },
  }),
}));
