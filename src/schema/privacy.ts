/**
 * Privacy controls: export and deletion of a consent session's records (by the id the client
 * presents; an INGEST token may do both), the telemetry policy the CLI shows, and the retention
 * purge (ADMIN). Scopes: src/server/access.ts.
 */
import { builder } from '../builder.js';
import { env } from '../env.js';
import { apiError } from '../errors.js';
import type { DeletionReceipt } from '../privacy/delete.js';
import * as records from '../ingestion/records.js';
import { ExportTooLargeError, type SessionCounts, type SessionExport } from '../privacy/export.js';
import { type CollectedField, type CollectedRecord, describePolicy, type TelemetryPolicy } from '../privacy/policy.js';
import type { PurgeResult } from '../privacy/purge.js';
import { deleteSessionData, exportSessionData, purgeExpiredData } from '../privacy/service.js';
import { exportedRecordType } from './record-types.js';

/**
 * Exported records have the fields of the ingestion inputs (same names, same types, enums included:
 * they are referred to by name), plus the server's receive time: both are made from the record
 * descriptions. test/privacy/export-delete.test.ts checks that they match field for field.
 */
const ExportedTelemetryEventRef = exportedRecordType(
  'ExportedTelemetryEvent',
  'A stored telemetry event in the fields of TelemetryEventInput (timestamp skew-corrected), plus when the server received it.',
  records.TELEMETRY_EVENT,
);
const ExportedSurveyResponseRef = exportedRecordType(
  'ExportedSurveyResponse',
  'A stored survey response in the fields of SurveyResponseInput, plus when the server received it.',
  records.SURVEY_RESPONSE,
);

const SessionCountsRef = builder.objectRef<SessionCounts>('SessionRecordCounts').implement({
  fields: (t) => ({ telemetryEvents: t.exposeInt('telemetryEvents'), surveyResponses: t.exposeInt('surveyResponses') }),
});

const SessionExportRef = builder.objectRef<SessionExport>('SessionExport').implement({
  description: 'Every stored record of one consent session.',
  fields: (t) => ({
    sessionId: t.expose('sessionId', { type: 'UUID', description: 'The id presented; the database holds only its keyed hash.' }),
    counts: t.field({ type: SessionCountsRef, resolve: (e) => e.counts }),
    telemetryEvents: t.field({ type: [ExportedTelemetryEventRef], resolve: (e) => e.telemetryEvents }),
    surveyResponses: t.field({ type: [ExportedSurveyResponseRef], resolve: (e) => e.surveyResponses }),
  }),
});

const DeletionReceiptRef = builder.objectRef<DeletionReceipt>('DeletionReceipt').implement({
  description: 'Proof of a deletion: when (to the second) and how much. It holds nothing that links it to the session.',
  fields: (t) => ({
    id: t.exposeID('id'),
    deletedAt: t.expose('deletedAt', { type: 'DateTime' }),
    telemetryEvents: t.exposeInt('telemetryEvents', { description: 'Telemetry events deleted.' }),
    surveyResponses: t.exposeInt('surveyResponses', { description: 'Survey responses deleted.' }),
  }),
});

const CollectedFieldRef = builder.objectRef<CollectedField>('CollectedField').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type', { description: 'GraphQL type, e.g. `String!` or `EventType`.' }),
    required: t.exposeBoolean('required'),
    description: t.exposeString('description', { nullable: true, description: 'The rule the server checks.' }),
    allowedValues: t.exposeStringList('allowedValues', { nullable: true, description: 'The values of an enumeration.' }),
  }),
});

const CollectedRecordRef = builder.objectRef<CollectedRecord>('CollectedRecord').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The input type, e.g. TelemetryEventInput.' }),
    mutation: t.exposeString('mutation', { description: 'The mutation that sends it.' }),
    description: t.exposeString('description', { nullable: true }),
    fields: t.field({ type: [CollectedFieldRef], resolve: (r) => r.fields }),
  }),
});

const TelemetryPolicyRef = builder.objectRef<TelemetryPolicy>('TelemetryPolicy').implement({
  description: 'What the server collects (read from this schema), what it never collects, and how long it keeps it.',
  fields: (t) => ({
    retentionDays: t.exposeInt('retentionDays', { description: 'Telemetry events and survey responses are deleted after this many days.' }),
    firstSeenRetentionDays: t.exposeInt('firstSeenRetentionDays', {
      description:
        "A session's first-seen record (its first telemetry time, platform, acquisition source and persona) is kept after its events " +
        'are purged, so that total users stay cumulative and a returning session is never counted as new again; it is deleted with ' +
        'the session, or once the session has sent nothing for this many days.',
    }),
    records: t.field({ type: [CollectedRecordRef], resolve: (p) => p.records, description: 'Every record a client sends, field by field.' }),
    neverCollected: t.exposeStringList('neverCollected'),
    sessionIdentity: t.exposeString('sessionIdentity'),
    requestData: t.exposeString('requestData'),
  }),
});

const PurgeResultRef = builder.objectRef<PurgeResult>('PurgeResult').implement({
  description: 'Records deleted by a retention purge, per kind (0 for kinds without a retention window).',
  fields: (t) => ({
    cutoff: t.expose('cutoff', { type: 'DateTime', description: 'Telemetry events and survey responses before this were deleted.' }),
    sessionlessCutoff: t.expose('sessionlessCutoff', { type: 'DateTime', nullable: true, description: 'The same for gauges, subscription events and audits; null: kept.' }),
    telemetryEvents: t.int({ resolve: (r) => r.deleted.telemetryEvents }),
    surveyResponses: t.int({ resolve: (r) => r.deleted.surveyResponses }),
    safetyAudits: t.int({ resolve: (r) => r.deleted.safetyAudits }),
    gaugeObservations: t.int({ resolve: (r) => r.deleted.gaugeObservations }),
    subscriptionEvents: t.int({ resolve: (r) => r.deleted.subscriptionEvents }),
    expiredFirstSeen: t.exposeInt('expiredFirstSeen', {
      description: "First-seen records dropped: their session sent nothing for FIRST_SEEN_RETENTION_DAYS (they outlive the events' purge).",
    }),
    total: t.exposeInt('total'),
    durationMs: t.exposeInt('durationMs'),
  }),
});

builder.queryFields((t) => ({
  exportSessionData: t.field({
    type: SessionExportRef,
    description: 'Every stored record of the session; past EXPORT_MAX_RECORDS (default 10 000): EXPORT_TOO_LARGE, use POST /export (NDJSON).',
    args: { sessionId: t.arg({ type: 'UUID' }) },
    resolve: async (_, args) => {
      try {
        return await exportSessionData(args.sessionId);
      } catch (error) {
        if (error instanceof ExportTooLargeError) throw apiError('EXPORT_TOO_LARGE', error.message, { cause: error });
        throw error;
      }
    },
  }),
  telemetryPolicy: t.field({
    type: TelemetryPolicyRef,
    description: 'What is collected, what never is, and for how long (`caro telemetry show`).',
    resolve: (_, __, ___, info) => describePolicy(info.schema, { retentionDays: env.RETENTION_DAYS, firstSeenRetentionDays: env.FIRST_SEEN_RETENTION_DAYS }),
  }),
}));

builder.mutationFields((t) => ({
  deleteSessionData: t.field({
    type: DeletionReceiptRef,
    nullable: true,
    description:
      'Deletes every record of the session in one transaction and returns the receipt that is kept; null when nothing of ' +
      'the session was stored (no receipt is kept). Either way the session stays deleted: its later records are refused ' +
      'with SESSION_DELETED, so a client starts a new consent session (a new id) afterwards.',
    args: { sessionId: t.arg({ type: 'UUID' }) },
    resolve: (_, args) => deleteSessionData(args.sessionId),
  }),
  purgeExpiredData: t.field({
    type: PurgeResultRef,
    description: 'Deletes the records past retention now, in batches (the server also does it on PURGE_SCHEDULE).',
    args: { dryRun: t.arg.boolean({ required: false, description: 'Only count what would be deleted.' }) },
    resolve: (_, args) => purgeExpiredData({ dryRun: args.dryRun ?? false }),
  }),
}));
