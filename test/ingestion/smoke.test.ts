import { describe, expect, it } from 'vitest';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';

const IngestEvents = graphql(`
  mutation SmokeIngest($events: [TelemetryEventInput!]!) {
    ingestEvents(events: $events) { accepted duplicates rejected errors { index code field } }
  }
`);

describe('smoke', () => {
  it('stores an event once', async () => {
    const client = createTestClient();
    const event = {
      eventId: '00000000-0000-4000-8000-000000000001',
      timestamp: new Date().toISOString(),
      sessionId: '11111111-1111-4111-8111-111111111111',
      eventType: 'COMMAND_GENERATED' as const,
      backend: 'STATIC' as const,
      platform: 'linux-x86_64',
      caroVersion: '1.0.0',
      latencyMs: 10,
      success: true,
    };
    const first = await client.request(IngestEvents, { events: [event] });
    expect(first.ingestEvents).toEqual({ accepted: 1, duplicates: 0, rejected: 0, errors: [] });
    const second = await client.request(IngestEvents, { events: [event] });
    expect(second.ingestEvents).toEqual({ accepted: 0, duplicates: 1, rejected: 0, errors: [] });
  });
});
