/**
 * Sends generated activity (synthetic.ts) through the GraphQL ingestion mutations, the path clients
 * use: `npm run seed:demo` and the browser tests seed with it.
 */
import type { ActivityBatch, ActivityKind } from './synthetic.js';

const MUTATIONS: Record<ActivityKind, { field: string; arg: string; type: string }> = {
  events: { field: 'ingestEvents', arg: 'events', type: 'TelemetryEventInput' },
  surveys: { field: 'submitSurveyResponses', arg: 'responses', type: 'SurveyResponseInput' },
  audits: { field: 'recordSafetyAudits', arg: 'verdicts', type: 'SafetyAuditInput' },
  gauges: { field: 'recordGauges', arg: 'observations', type: 'GaugeObservationInput' },
  subscriptions: { field: 'recordSubscriptionEvents', arg: 'events', type: 'SubscriptionEventInput' },
};

export interface SendResult {
  accepted: number;
  duplicates: number;
}

/** Sends one batch; throws when the server refuses the request or any record. */
export async function sendActivity(
  fetch: (url: string, init: RequestInit) => Response | Promise<Response>,
  batch: ActivityBatch,
  token?: string,
): Promise<SendResult> {
  const { field, arg, type } = MUTATIONS[batch.kind];
  const response = await fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      query: `mutation($r: [${type}!]!) { out: ${field}(${arg}: $r) { accepted duplicates rejected errors { index code field message } } }`,
      variables: { r: batch.records },
    }),
  });
  const body = (await response.json()) as { data?: { out: { accepted: number; duplicates: number; rejected: number; errors: unknown[] } }; errors?: { message: string }[] };
  if (!body.data) throw new Error(`${field}: HTTP ${response.status}: ${body.errors?.map((e) => e.message).join('; ')}`);
  if (body.data.out.rejected > 0) throw new Error(`${field} refused records: ${JSON.stringify(body.data.out.errors.slice(0, 3))}`);
  return body.data.out;
}
