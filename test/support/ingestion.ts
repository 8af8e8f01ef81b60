/**
 * For the ingestion suites: the typed ingestion documents, one sender per record kind, and small
 * helpers to look at what reached the database. The records themselves: test/support/records.ts.
 */
import { ClientError, type GraphQLClient } from 'graphql-request';
import { graphql } from '../client/gql/index.js';
import type {
  GaugeObservationInput,
  IngestEventsMutation,
  SafetyAuditInput,
  SubscriptionEventInput,
  SurveyResponseInput,
  TelemetryEventInput,
} from '../client/gql/graphql.js';

/** What every ingestion mutation answers. */
export type IngestResult = IngestEventsMutation['ingestEvents'];

export const IngestEvents = graphql(`
  mutation IngestEvents($events: [TelemetryEventInput!]!, $sentAt: DateTime) {
    ingestEvents(events: $events, sentAt: $sentAt) { accepted duplicates rejected errors { index code field message } }
  }
`);

export const SubmitSurveyResponses = graphql(`
  mutation SubmitSurveyResponses($responses: [SurveyResponseInput!]!, $sentAt: DateTime) {
    submitSurveyResponses(responses: $responses, sentAt: $sentAt) { accepted duplicates rejected errors { index code field message } }
  }
`);

export const RecordSafetyAudits = graphql(`
  mutation RecordSafetyAudits($verdicts: [SafetyAuditInput!]!) {
    recordSafetyAudits(verdicts: $verdicts) { accepted duplicates rejected errors { index code field message } }
  }
`);

export const RecordGauges = graphql(`
  mutation RecordGauges($observations: [GaugeObservationInput!]!) {
    recordGauges(observations: $observations) { accepted duplicates rejected errors { index code field message } }
  }
`);

export const RecordSubscriptionEvents = graphql(`
  mutation RecordSubscriptionEvents($events: [SubscriptionEventInput!]!) {
    recordSubscriptionEvents(events: $events) { accepted duplicates rejected errors { index code field message } }
  }
`);

export const IngestionStats = graphql(`
  query IngestionStats {
    ingestionStats {
      telemetryEvents { count first last }
      surveyResponses { count first last }
      safetyAudits { count first last }
      gaugeObservations { count first last }
      subscriptionEvents { count first last }
    }
  }
`);

/** One entry per ingestion mutation, so a suite can run the same table over every record kind. */
export const send = {
  events: async (client: GraphQLClient, events: TelemetryEventInput[], sentAt?: string): Promise<IngestResult> =>
    (await client.request(IngestEvents, { events, sentAt })).ingestEvents,
  surveys: async (client: GraphQLClient, responses: SurveyResponseInput[], sentAt?: string): Promise<IngestResult> =>
    (await client.request(SubmitSurveyResponses, { responses, sentAt })).submitSurveyResponses,
  audits: async (client: GraphQLClient, verdicts: SafetyAuditInput[]): Promise<IngestResult> =>
    (await client.request(RecordSafetyAudits, { verdicts })).recordSafetyAudits,
  gauges: async (client: GraphQLClient, observations: GaugeObservationInput[]): Promise<IngestResult> =>
    (await client.request(RecordGauges, { observations })).recordGauges,
  subscriptions: async (client: GraphQLClient, events: SubscriptionEventInput[]): Promise<IngestResult> =>
    (await client.request(RecordSubscriptionEvents, { events })).recordSubscriptionEvents,
};

/** The GraphQL errors of a request that must fail as a whole (graphql-request throws ClientError). */
export async function requestErrors(request: Promise<unknown>): Promise<{ message: string; extensions?: Record<string, unknown> }[]> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientError) return (error.response.errors ?? []) as never;
    throw error;
  }
  throw new Error('expected the request to fail as a whole');
}

/** The tables and id columns of the record kinds whose records carry one id. */
export const ID_COLUMN = {
  telemetry_events: 'event_id',
  survey_responses: 'response_id',
  safety_audits: 'audit_id',
  subscription_events: 'event_id',
} as const;

/** Which of `ids` are stored in `table` (ids compared lower-case, as they are stored). */
export async function storedIds(table: keyof typeof ID_COLUMN, ids: readonly string[]): Promise<string[]> {
  const { db } = await import('../../src/db.js');
  const { sql } = await import('../../src/sql/fragment.js');
  if (ids.length === 0) return [];
  const rows = await db.sql.query<{ id: string }>(
    sql`SELECT ${sql.raw(ID_COLUMN[table])} AS id FROM ${sql.raw(table)}
        WHERE ${sql.raw(ID_COLUMN[table])} IN (${sql.join(ids.map((id) => sql`${id.toLowerCase()}`))})`,
  );
  return rows.map((r) => r.id).sort();
}

/** Row count of a table (COUNT comes back as bigint or string depending on the driver). */
export async function countRows(table: string): Promise<number> {
  const { db } = await import('../../src/db.js');
  const { sql } = await import('../../src/sql/fragment.js');
  const [row] = await db.sql.query<{ n: unknown }>(sql`SELECT COUNT(*) AS n FROM ${sql.raw(table)}`);
  return Number(row?.n);
}

export const sorted = (ids: readonly string[]): string[] => ids.map((id) => id.toLowerCase()).sort();
