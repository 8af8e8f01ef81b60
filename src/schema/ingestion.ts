/**
 * Ingestion mutations (public contract: METRICS.md §2) and `ingestionStats`. Input types are made
 * from the record descriptions; types and unknown fields are checked by GraphQL, every other rule
 * per record by src/ingestion, so one bad record is refused alone.
 */
import { builder } from '../builder.js';
import { db } from '../db.js';
import { apiError } from '../errors.js';
import { IngestErrorCodeRef } from './enums.js';
import { BatchTooLargeError, type IngestError, type IngestResult } from '../ingestion/ingest.js';
import * as kinds from '../ingestion/record-kinds.js';
import * as records from '../ingestion/records.js';
import { ingestBatch } from '../ingestion/service.js';
import { enumOf, recordInputType } from './record-types.js';

// The closed sets as enums, for the answers that give records back (the export, src/schema/privacy.ts).
export const EventTypeRef = enumOf(records.EVENT_TYPE);
enumOf(records.BACKEND);
enumOf(records.VALIDATION_SEVERITY);
enumOf(records.SAFETY_MODE);
enumOf(records.QUERY_COMPLEXITY);
enumOf(records.USER_PERSONA);
enumOf(records.ACQUISITION_SOURCE);
enumOf(records.SURVEY);
enumOf(records.SURVEY_FEATURE);
enumOf(records.SURVEY_ANSWER);
enumOf(records.SURVEY_PERSONA);

// The inputs, from the record descriptions (src/ingestion/records.ts).
const TelemetryEventInput = recordInputType('TelemetryEventInput', records.TELEMETRY_EVENT);
const SurveyResponseInput = recordInputType('SurveyResponseInput', records.SURVEY_RESPONSE);
const SafetyAuditInput = recordInputType('SafetyAuditInput', records.SAFETY_AUDIT);
const GaugeObservationInput = recordInputType('GaugeObservationInput', records.GAUGE_OBSERVATION);
const SubscriptionEventInput = recordInputType('SubscriptionEventInput', records.SUBSCRIPTION_EVENT);

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
