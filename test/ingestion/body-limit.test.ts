/**
 * Request body limit (issue #2): a body over MAX_BODY_BYTES (1 MiB by default) is refused with HTTP
 * 413 before it is parsed, whether the client announces its length or streams it chunked; nothing
 * of it is stored. A full batch of 1 000 events with every field fits under the limit.
 */
import { describe, expect, it } from 'vitest';
import { env } from '../../src/env.js';
import { yoga } from '../../src/yoga.js';
import type { TelemetryEventInput } from '../client/gql/graphql.js';
import { countRows, storedIds } from '../support/ingestion.js';
import { event, fullEvent } from '../support/records.js';

const MUTATION = `mutation ($events: [TelemetryEventInput!]!) {
  ingestEvents(events: $events) { accepted duplicates rejected }
}`;

const bodyOf = (events: TelemetryEventInput[]) => JSON.stringify({ query: MUTATION, variables: { events } });

/** A valid ingestEvents body of exactly `bytes` bytes (ASCII JSON; the padding is insignificant whitespace). */
function bodyOfSize(events: TelemetryEventInput[], bytes: number): string {
  const body = bodyOf(events);
  if (body.length > bytes) throw new Error(`the batch alone is ${body.length} bytes`);
  return body.slice(0, -1) + ' '.repeat(bytes - body.length) + '}';
}

/** A body sent as a stream of 64 KiB chunks, without Content-Length (Transfer-Encoding: chunked). */
function chunked(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 65_536));
      offset += 65_536;
    },
  });
}

async function post(body: string, { stream = false } = {}) {
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(stream ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
    },
    body: stream ? chunked(body) : body,
    ...(stream ? { duplex: 'half' as const } : {}),
  };
  const response = await yoga.fetch('http://caro.localhost/graphql', init);
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

describe('request body limit (#2)', () => {
  const limit = env.MAX_BODY_BYTES;

  it('is 1 MiB by default', () => {
    expect(limit).toBe(1_048_576);
  });

  it.each([
    ['with Content-Length', false],
    ['chunked, without Content-Length', true],
  ])('a body of 1 MiB + 1 byte %s gets 413 and stores nothing', async (_, stream) => {
    const events = Array.from({ length: 10 }, () => event());
    const before = await countRows('telemetry_events');
    const { status, json } = await post(bodyOfSize(events, limit + 1), { stream });
    expect(status).toBe(413);
    expect(json.errors?.[0]?.extensions?.code).toBe('BODY_TOO_LARGE');
    expect(await countRows('telemetry_events')).toBe(before);
  });

  it.each([
    ['with Content-Length', false],
    ['chunked, without Content-Length', true],
  ])('a body of exactly 1 MiB %s is served', async (_, stream) => {
    const events = Array.from({ length: 10 }, () => event());
    const { status, json } = await post(bodyOfSize(events, limit), { stream });
    expect(status).toBe(200);
    expect(json.data.ingestEvents).toEqual({ accepted: 10, duplicates: 0, rejected: 0 });
    expect(await storedIds('telemetry_events', events.map((e) => e.eventId))).toHaveLength(10);
  });

  it('a full batch of 1 000 events with every field set fits under the limit and is stored', async () => {
    const events = Array.from({ length: 1000 }, () => fullEvent());
    const body = bodyOf(events);
    // About 700 bytes per event: 1 000 events ≈ 0.7 MB < 1 MiB.
    expect(Buffer.byteLength(body)).toBeLessThan(limit);
    const { status, json } = await post(body, { stream: true });
    expect(status).toBe(200);
    expect(json.data.ingestEvents).toEqual({ accepted: 1000, duplicates: 0, rejected: 0 });
  });
});
