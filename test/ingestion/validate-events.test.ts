/**
 * Telemetry event rules (METRICS.md §2, issue #2): each bad value is refused alone, with its index,
 * field and a stable code, while the good records of the same batch are stored; so is a value outside
 * a closed set (UNKNOWN_VALUE, #11: a newer client's new event type costs only that record). Type
 * errors that GraphQL itself catches (unknown fields, UUID and DateTime syntax, Int vs Float, a
 * missing required field) fail the whole request instead, and then nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import type { TelemetryEventInput } from '../client/gql/graphql.js';
import { createTestClient } from '../support/client.js';
import { requestErrors, send, sorted, storedIds } from '../support/ingestion.js';
import { ago, DAY, event, HOUR, MINUTE } from '../support/records.js';

const client = createTestClient();

/** [field, bad value, expected code]. A value may break more than one rule; the listed one must be among them. */
const badValues: [keyof TelemetryEventInput, unknown, string][] = [
  // Platforms and error categories are closed sets (#11): anything else is an unknown value.
  ['platform', 'linux', 'UNKNOWN_VALUE'],
  ['platform', 'Linux-x86_64', 'UNKNOWN_VALUE'],
  ['platform', '/home/alice/.caro', 'UNKNOWN_VALUE'],
  ['platform', '', 'UNKNOWN_VALUE'],
  ['platform', 'linux-x86_65', 'UNKNOWN_VALUE'],
  ['caroVersion', '1.2', 'INVALID_FORMAT'],
  ['caroVersion', 'v1.2.3', 'INVALID_FORMAT'],
  ['caroVersion', '01.2.3', 'INVALID_FORMAT'],
  ['caroVersion', '1.2.3-beta.1+build.5', 'INVALID_FORMAT'], // build metadata (#11)
  ['caroVersion', '1.2.3-nightly.123456789', 'INVALID_FORMAT'], // a pre-release number of 9 digits (at most 8)
  ['caroVersion', `1.2.3-${'a'.repeat(27)}`, 'OUT_OF_RANGE'], // 33 characters
  ['latencyMs', -1, 'OUT_OF_RANGE'],
  ['latencyMs', 600_001, 'OUT_OF_RANGE'],
  ['errorCategory', 'Timeout', 'UNKNOWN_VALUE'],
  ['errorCategory', '1timeout', 'UNKNOWN_VALUE'],
  ['errorCategory', '/etc/passwd', 'UNKNOWN_VALUE'],
  ['errorCategory', 'alice@example.com', 'UNKNOWN_VALUE'],
  ['errorCategory', 'a'.repeat(65), 'UNKNOWN_VALUE'],
  ['confidenceScore', -0.01, 'OUT_OF_RANGE'],
  ['confidenceScore', 1.01, 'OUT_OF_RANGE'],
  ['refinementCount', -1, 'OUT_OF_RANGE'],
  ['refinementCount', 101, 'OUT_OF_RANGE'],
  ['model', 'Qwen', 'INVALID_FORMAT'],
  ['model', '-qwen', 'INVALID_FORMAT'],
  ['model', 'qwen 1.5b', 'INVALID_FORMAT'],
  ['model', 'mlx-community.qwen_2', 'INVALID_FORMAT'], // no known family
  ['model', `qwen${'-coder'.repeat(8)}`, 'OUT_OF_RANGE'], // 52 characters, max 48
  // Closed sets sent as strings: a newer client's value is refused for its record alone (#11).
  ['eventType', 'LAUNCHED', 'UNKNOWN_VALUE'],
  ['backend', 'CUDA', 'UNKNOWN_VALUE'],
  ['validationSeverity', 'SEVERE', 'UNKNOWN_VALUE'],
  ['safetyMode', 'strict', 'UNKNOWN_VALUE'],
  ['inferenceMs', -1, 'OUT_OF_RANGE'],
  ['inferenceMs', 600_001, 'OUT_OF_RANGE'],
  ['memoryMb', -1, 'OUT_OF_RANGE'],
  ['cpuPercent', -1, 'OUT_OF_RANGE'],
  ['pluginCount', -1, 'OUT_OF_RANGE'],
  ['timestamp', ago(-(DAY + 5 * MINUTE)), 'TIMESTAMP_IN_FUTURE'],
  ['timestamp', ago(91 * DAY), 'TIMESTAMP_TOO_OLD'], // RETENTION_DAYS defaults to 90
];

/** Values on the edge of each rule, all accepted. */
const goodValues: [keyof TelemetryEventInput, unknown][] = [
  ['platform', 'macos-arm64'],
  ['platform', 'windows-aarch64'],
  ['caroVersion', '1.2.3-beta.1'],
  ['caroVersion', '1.1.0-beta'],
  ['caroVersion', '9999.9999.9999-nightly.20260101'], // exactly 31 characters
  ['latencyMs', 0],
  ['latencyMs', 600_000],
  ['errorCategory', 'inference_timeout'],
  ['confidenceScore', 0],
  ['confidenceScore', 1],
  ['refinementCount', 0],
  ['refinementCount', 100],
  ['model', 'mlx-qwen2.5-coder-1.5b-q4_k_m'],
  ['model', 'smollm2-360m'],
  ['inferenceMs', 600_000],
  ['timestamp', ago(-(DAY - 5 * MINUTE))],
  ['timestamp', ago(89 * DAY)],
  ['acquisitionSource', 'GITHUB'],
  ['eventId', '0A1B2C3D-0000-4000-8000-00000000000F'], // upper-case UUIDs are UUIDs
];

describe('telemetry event validation (#2)', () => {
  it.each(badValues)('refuses %s = %j with %s, storing the rest of the batch', async (field, value, code) => {
    const batch = [event(), { ...event(), [field]: value } as TelemetryEventInput, event()];
    const result = await send.events(client, batch);

    expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) expect(error).toMatchObject({ index: 1, field });
    expect(result.errors.map((e) => e.code)).toContain(code);
    expect(result.errors.every((e) => e.message.length > 0)).toBe(true);
    const ids = batch.map((e) => e.eventId);
    expect(await storedIds('telemetry_events', ids)).toEqual(sorted([ids[0]!, ids[2]!]));
  });

  it.each(goodValues)('accepts %s = %j', async (field, value) => {
    const record = { ...event(), [field]: value } as TelemetryEventInput;
    expect(await send.events(client, [record])).toEqual({ accepted: 1, duplicates: 0, rejected: 0, errors: [] });
  });

  it('reports every bad record of a batch by its own index', async () => {
    const batch = [
      event({ latencyMs: -5 }),
      event(),
      event({ platform: 'windows' }),
      event({ model: 'GPT' }),
      event(),
    ];
    const result = await send.events(client, batch);
    expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: 3 });
    expect(result.errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [0, 'latencyMs', 'OUT_OF_RANGE'],
      [2, 'platform', 'UNKNOWN_VALUE'],
      [3, 'model', 'INVALID_FORMAT'],
    ]);
  });

  it('reports every bad field of one record', async () => {
    const result = await send.events(client, [event({ latencyMs: -1, confidenceScore: 2, model: 'X' })]);
    expect(result.rejected).toBe(1);
    expect(result.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'confidenceScore:OUT_OF_RANGE',
      'latencyMs:OUT_OF_RANGE',
      'model:INVALID_FORMAT',
    ]);
  });
});

/** Cases GraphQL coercion refuses: the whole request fails. */
const typeErrors: [string, Record<string, unknown>][] = [
  ['an unknown input field (query text)', { query: 'rm -rf /' }],
  ['an unknown input field (userId)', { userId: 'alice' }],
  ['a malformed eventId', { eventId: 'not-a-uuid' }],
  ['a malformed sessionId', { sessionId: '1234' }],
  ['a timestamp that is no RFC 3339 date-time', { timestamp: 'yesterday' }],
  ['a timestamp without an offset', { timestamp: '2026-01-01T10:00:00' }],
  ['a fractional latencyMs', { latencyMs: 1.5 }],
  ['a string for success', { success: 'yes' }],
  ['a missing required field', { caroVersion: undefined }],
  ['null for a required field', { sessionId: null }],
];

describe('GraphQL type errors fail the whole request (#2)', () => {
  it.each(typeErrors)('%s: error, nothing of the batch stored', async (_, patch) => {
    const batch = [event(), { ...event(), ...patch } as TelemetryEventInput, event()];
    const errors = await requestErrors(send.events(client, batch));
    expect(errors.length).toBeGreaterThan(0);
    expect(await storedIds('telemetry_events', batch.map((e) => e.eventId).filter(isUuid))).toEqual([]);
  });

  it('a sentAt that is no date-time fails the request', async () => {
    const batch = [event()];
    expect((await requestErrors(send.events(client, batch, 'soon'))).length).toBeGreaterThan(0);
    expect(await storedIds('telemetry_events', [batch[0]!.eventId])).toEqual([]);
  });
});

const isUuid = (id: unknown): id is string => typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id);

describe('time bounds for events (#2)', () => {
  it('refuses a timestamp over 24 h ahead but takes one just under', async () => {
    // The limit is receive time + 24 h; 1 minute either side of it leaves room for the test's own run time.
    const result = await send.events(client, [
      event({ timestamp: ago(-(DAY + MINUTE)) }),
      event({ timestamp: ago(-(DAY - MINUTE)) }),
      event({ timestamp: ago(-HOUR) }),
    ]);
    expect(result).toMatchObject({ accepted: 2, rejected: 1 });
    expect(result.errors).toMatchObject([{ index: 0, code: 'TIMESTAMP_IN_FUTURE', field: 'timestamp' }]);
  });
});
