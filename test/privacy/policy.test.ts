/**
 * telemetryPolicy (#6): what the CLI shows with `caro telemetry show`. What is collected is read
 * from the schema itself, so it names exactly the fields the server accepts from the CLI; this suite
 * also holds it against the ingestion contract's own rules, so that neither can drift.
 */
import { describe, expect, it } from 'vitest';
import * as c from '../../src/ingestion/contract.js';
import { surveyResponseSchema, telemetryEventSchema } from '../../src/ingestion/record-kinds.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';

const client = createTestClient();

const Policy = graphql(`
  query TelemetryPolicy {
    telemetryPolicy {
      retentionDays
      records { name mutation description fields { name type required description allowedValues } }
      neverCollected
      sessionIdentity
      requestData
    }
  }
`);

describe('telemetryPolicy (#6)', () => {
  it('lists the two records the CLI sends, each with the mutation that sends it', async () => {
    const { telemetryPolicy: policy } = await client.request(Policy);
    expect(policy.records.map((r) => [r.name, r.mutation])).toEqual([
      ['TelemetryEventInput', 'ingestEvents'],
      ['SurveyResponseInput', 'submitSurveyResponses'],
    ]);
    // Admin-only records (audits, gauges, billing) are not the CLI's.
    expect(policy.records.map((r) => r.name)).not.toContain('GaugeObservationInput');
  });

  it.each([
    ['TelemetryEventInput', telemetryEventSchema],
    ['SurveyResponseInput', surveyResponseSchema],
  ] as const)('%s: the fields are exactly those of the ingestion contract, with their types and rules', async (name, schema) => {
    const { telemetryPolicy: policy } = await client.request(Policy);
    const record = policy.records.find((r) => r.name === name)!;
    expect(record.fields.map((f) => f.name).sort()).toEqual(Object.keys(schema.shape).sort());
    const field = (n: string) => record.fields.find((f) => f.name === n)!;
    expect(field('sessionId')).toMatchObject({ type: 'UUID!', required: true });
    expect(field('timestamp')).toMatchObject({ type: 'DateTime!', required: true });
    if (name === 'TelemetryEventInput') {
      expect(field('eventType')).toMatchObject({ type: 'String!', allowedValues: [...c.EVENT_TYPES].sort() });
      expect(field('errorCategory')).toMatchObject({ type: 'String', required: false, allowedValues: [...c.ERROR_CATEGORIES].sort() });
      expect(field('platform').allowedValues).toHaveLength(c.PLATFORM_OSES.length * c.PLATFORM_ARCHES.length);
      expect(field('caroVersion')).toMatchObject({ allowedValues: null, description: expect.stringContaining(c.PATTERNS.caroVersion.source) });
      expect(field('queryComplexity').allowedValues).toEqual([...c.QUERY_COMPLEXITIES].sort());
    } else {
      expect(field('survey').allowedValues).toEqual([...c.SURVEYS].sort());
      expect(field('score')).toMatchObject({ type: 'Int', required: false });
    }
  });

  it('says what is never collected, how the session is identified, and the retention window', async () => {
    const { telemetryPolicy: policy } = await client.request(Policy);
    expect(policy.retentionDays).toBe(90);
    const never = policy.neverCollected.join('\n');
    for (const item of ['query text', 'command text', 'command output', 'e-mail', 'IP addresses', 'file paths', 'environment variables'])
      expect(never).toContain(item);
    expect(policy.sessionIdentity).toMatch(/HMAC-SHA256/);
    expect(policy.requestData).toMatch(/Nothing from the HTTP request/);
  });

  it('no collected field is named after something never collected', async () => {
    const { telemetryPolicy: policy } = await client.request(Policy);
    const names = policy.records.flatMap((r) => r.fields.map((f) => f.name.toLowerCase()));
    for (const forbidden of ['query', 'command', 'output', 'email', 'ip', 'path', 'cwd', 'env', 'user', 'userid', 'text', 'comment'])
      expect(names).not.toContain(forbidden);
  });
});
