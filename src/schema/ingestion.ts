/**
 * Ingestion mutations (public contract: METRICS.md §2) and `ingestionStats`. Input types are built
 * from the contract's lists; types and unknown fields are checked by GraphQL, every other rule per
 * record by src/ingestion, so one bad record is refused alone.
 */
import { builder } from '../builder.js';
import { db } from '../db.js';
import { apiError } from '../errors.js';
import * as contract from '../ingestion/contract.js';
import { BatchTooLargeError, type IngestError, type IngestResult } from '../ingestion/ingest.js';
import * as kinds from '../ingestion/record-kinds.js';
import { ingestBatch } from '../ingestion/service.js';

const enumOf = <const T extends readonly string[]>(name: string, values: T, description: string) =>
  builder.enumType(name, { values, description });

const EventType = enumOf('EventType', contract.EVENT_TYPES, 'What happened in the Caro CLI.');
const Backend = enumOf('Backend', contract.BACKENDS, 'The inference backend that served the request.');
const ValidationSeverity = enumOf('ValidationSeverity', contract.VALIDATION_SEVERITIES, 'Severity of a safety validation.');
const SafetyMode = enumOf('SafetyMode', contract.SAFETY_MODES, "The user's safety mode.");
const QueryComplexity = enumOf('QueryComplexity', contract.QUERY_COMPLEXITIES, 'SIMPLE 1-3 words, MEDIUM 4-7, COMPLEX 8+ (bucketed on the client; the query never leaves it).');
const UserPersona = enumOf('UserPersona', contract.USER_PERSONAS, 'Self-declared experience.');
const AcquisitionSource = enumOf('AcquisitionSource', contract.ACQUISITION_SOURCES, 'Where the user heard of Caro (sent on INSTALLED).');
const Survey = enumOf('Survey', contract.SURVEYS, 'Which survey a response answers.');
const SurveyFeature = enumOf('SurveyFeature', contract.SURVEY_FEATURES, 'The feature a FEATURE survey asks about.');
const SurveyAnswer = enumOf('SurveyAnswer', contract.SURVEY_ANSWERS, 'A fixed answer; PARTIALLY for SUPPORT_RESOLUTION only.');
const SurveyPersona = enumOf('SurveyPersona', contract.SURVEY_PERSONAS, "The respondent's role.");
const AuditVerdict = enumOf('AuditVerdict', contract.AUDIT_VERDICTS, "An auditor's verdict on a safety decision.");
const SubscriptionKind = enumOf('SubscriptionKind', contract.SUBSCRIPTION_KINDS, 'What happened to the subscription.');
const Tier = enumOf('Tier', contract.TIERS, 'Subscription tier.');

const TelemetryEventInput = builder.inputType('TelemetryEventInput', {
  description: 'One telemetry event. There is no field for query text, command text, paths or user ids.',
  fields: (t) => ({
    eventId: t.field({ type: 'UUID', description: 'Chosen by the client; the idempotency key.' }),
    timestamp: t.field({ type: 'DateTime', description: 'At most 24 h ahead of the server and inside the retention window.' }),
    sessionId: t.field({ type: 'UUID', description: 'The consent session; stored only as a keyed hash.' }),
    eventType: t.field({ type: EventType }),
    backend: t.field({ type: Backend }),
    platform: t.string({ description: '`^[a-z0-9]+-[a-z0-9_]+$`, at most 32 characters (linux-x86_64).' }),
    caroVersion: t.string({ description: 'Semantic version, at most 32 characters.' }),
    latencyMs: t.int({ description: '0 to 600000.' }),
    success: t.boolean(),
    errorCategory: t.string({ required: false, description: '`^[a-z][a-z0-9_]{0,63}$`.' }),
    confidenceScore: t.float({ required: false, description: '0 to 1.' }),
    validationSeverity: t.field({ type: ValidationSeverity, required: false }),
    safetyMode: t.field({ type: SafetyMode, required: false }),
    queryComplexity: t.field({ type: QueryComplexity, required: false }),
    refinementCount: t.int({ required: false, description: 'Agent-loop refinements for this query, 0 to 100.' }),
    model: t.string({ required: false, description: '`^[a-z0-9][a-z0-9._-]{0,31}$`.' }),
    inferenceMs: t.int({ required: false, description: '0 to 600000.' }),
    memoryMb: t.float({ required: false }),
    cpuPercent: t.float({ required: false }),
    historyEnabled: t.boolean({ required: false }),
    pluginCount: t.int({ required: false }),
    persona: t.field({ type: UserPersona, required: false }),
    acquisitionSource: t.field({ type: AcquisitionSource, required: false }),
  }),
});

const SurveyResponseInput = builder.inputType('SurveyResponseInput', {
  description: 'One survey answer. No free text: scores and fixed choices only.',
  fields: (t) => ({
    responseId: t.field({ type: 'UUID', description: 'Chosen by the client; the idempotency key.' }),
    sessionId: t.field({ type: 'UUID' }),
    timestamp: t.field({ type: 'DateTime' }),
    survey: t.field({ type: Survey }),
    score: t.int({ required: false, description: 'NPS 0-10, CSAT 1-5; absent for other surveys.' }),
    feature: t.field({ type: SurveyFeature, required: false, description: 'FEATURE surveys only.' }),
    answer: t.field({ type: SurveyAnswer, required: false, description: 'FEATURE and SUPPORT_* surveys only.' }),
    persona: t.field({ type: SurveyPersona, required: false }),
  }),
});

const SafetyAuditInput = builder.inputType('SafetyAuditInput', {
  fields: (t) => ({
    auditId: t.field({ type: 'UUID', description: 'The idempotency key.' }),
    eventId: t.field({ type: 'UUID', description: 'A stored VALIDATION_BLOCKED or COMMAND_EXECUTED event.' }),
    verdict: t.field({ type: AuditVerdict }),
    auditedAt: t.field({ type: 'DateTime' }),
  }),
});

const GaugeObservationInput = builder.inputType('GaugeObservationInput', {
  description: 'A figure the platform cannot see itself; idempotent on (source, name, observedAt).',
  fields: (t) => ({
    source: t.string({ description: '`^[a-z][a-z0-9_]{0,31}$` (github).' }),
    name: t.string({ description: '`^[a-z][a-z0-9_]{0,31}$` (stars).' }),
    value: t.float(),
    observedAt: t.field({ type: 'DateTime', description: 'May be old: gauges are not subject to retention.' }),
  }),
});

const SubscriptionEventInput = builder.inputType('SubscriptionEventInput', {
  fields: (t) => ({
    eventId: t.field({ type: 'UUID', description: 'The idempotency key.' }),
    accountId: t.field({ type: 'UUID', description: 'An anonymous billing account.' }),
    timestamp: t.field({ type: 'DateTime' }),
    kind: t.field({ type: SubscriptionKind }),
    tier: t.field({ type: Tier }),
    seats: t.int({ description: 'At least 1.' }),
    monthlyAmountCents: t.int({ description: "The account's whole monthly amount after this event; 0 when cancelled." }),
  }),
});

const IngestErrorRef = builder.objectRef<IngestError>('IngestError').implement({
  description: 'Why one record of a batch was refused. A record may have several.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the record in the batch, from 0.' }),
    code: t.exposeString('code', { description: 'Stable code: REQUIRED, OUT_OF_RANGE, INVALID_FORMAT, TIMESTAMP_TOO_OLD…' }),
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
