/**
 * Issue #11, item 6: alert notifications were lost (a RESOLVED notice that failed while the receiver
 * was down was never sent again), marked as sent when they were not (lastNotifiedAt), and blocked
 * evaluation (each delivery awaited in turn). Now evaluation only queues into a durable outbox, and
 * the sender retries with backoff until delivered or expired, RESOLVED included. Against a real HTTP
 * listener started here; the sender's clock is passed in, so every retry time is worked out by hand.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate-alerts.js';
import { deliverDue, enqueueNotice, type DeliveryPolicy } from '../../src/alerts/outbox.js';
import { postNotification, signedHeaders, ZERO_TIME, type WebhookTarget } from '../../src/alerts/webhook.js';
import { db } from '../../src/db.js';
import { parseConfig } from '../../src/env.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { defineMetric } from '../../src/registry/define-metric.js';
import { createRegistry } from '../../src/registry/registry.js';
import { createTestClient } from '../support/client.js';

const SECRET = 'webhook-secret-for-tests';
const RULE = 'slow.above_1000_ms';
const SECOND = 1000;

/** What the receiver answers next: a status, with headers (redirect target, Retry-After). */
let answer: { status: number; headers?: Record<string, string> } = { status: 200 };
const received: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let server: Server;
let webhook: WebhookTarget;

const policy: DeliveryPolicy = { backoffMs: 30 * SECOND, maxBackoffMs: 3_600_000, expiresAfterMs: 3_600_000 };
const log = { delivered: vi.fn(), failed: vi.fn() };
const deliver = (now: Date, target = webhook) => deliverDue({ prisma: db.prisma, webhook: target, policy, log, now });
const deliveryOf = (id: string) => db.prisma.notificationDelivery.findUniqueOrThrow({ where: { id } });
const lastNotifiedAt = async () => (await db.prisma.alertState.findUniqueOrThrow({ where: { ruleId: RULE } })).lastNotifiedAt;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhook = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: SECRET, timeoutMs: 2000 };
  // Two generated commands, both with a latency of 1 500 ms, on 2026-02-02.
  const event = { sessionId: randomUUID(), backend: 'EMBEDDED', platform: 'linux-x86_64', caroVersion: '1.0.0', latencyMs: 1500, success: true, eventType: 'COMMAND_GENERATED', timestamp: new Date(Date.UTC(2026, 1, 2, 10)) };
  await ingest(kinds.telemetryEvents, [{ ...event, eventId: randomUUID() }, { ...event, eventId: randomUUID() }], {
    driver: db.sql,
    hashSession: (s) => s,
    retentionDays: 90,
    receivedAt: new Date(Date.UTC(2026, 1, 3)),
  });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const registry = createRegistry([
  defineMetric({
    id: 'slow',
    title: 'Latency P95',
    description: 'test',
    unit: 'milliseconds',
    direction: 'lower',
    formula: { kind: 'measure', source: 'events', aggregate: 'percentile', percentile: 95, field: 'latencyMs', where: { eventType: 'COMMAND_GENERATED' } },
    segments: [],
    alerts: [{ name: 'above_1000_ms', kind: 'threshold', above: 1000, severity: 'critical', message: 'P95 is {value} (limit {threshold})' }],
  }),
]);
const evaluate = (at: Date) => evaluateAlerts({ at, registry, db, outbox: policy, repeatIntervalMs: 4 * 3_600_000, now: at });

/** The Standard Webhooks signature, computed here independently of the library the server uses. */
const expectedSignature = (id: string, timestamp: string, body: string) =>
  `v1,${createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

describe('alert notifications go through a durable outbox (#11)', () => {
  // Day 2 is judged at 00:05 on day 3 (P95 1 500 > 1 000: FIRING); day 3 has no data at 00:05 on day 4 (RESOLVED).
  const firingAt = new Date(Date.UTC(2026, 1, 3, 0, 5));
  const resolvedAt = new Date(Date.UTC(2026, 1, 4, 0, 5));
  let firingId = '';

  it('evaluation only queues: nothing is sent and nothing is awaited', async () => {
    const result = await evaluate(firingAt);
    expect(result.notifications).toEqual([{ ruleId: RULE, status: 'firing', silenced: false, deliveryId: expect.any(String) }]);
    firingId = result.notifications[0]!.deliveryId!;
    expect(received).toEqual([]);
    expect(await deliveryOf(firingId)).toMatchObject({ status: 'PENDING', alertState: 'FIRING', attempts: 0, nextAttemptAt: firingAt, expiresAt: new Date(firingAt.getTime() + 3_600_000) });
  });

  it('a failed try is retried after the backoff; lastNotifiedAt moves only when it is delivered', async () => {
    answer = { status: 500 };
    expect(await deliver(firingAt)).toBe(1);
    expect(await deliveryOf(firingId)).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'HTTP 500', nextAttemptAt: new Date(firingAt.getTime() + 30 * SECOND) });
    expect(await lastNotifiedAt()).toBeNull();

    // 29 s later it is not due yet; at 30 s it is, and the receiver is back.
    expect(await deliver(new Date(firingAt.getTime() + 29 * SECOND))).toBe(0);
    answer = { status: 200 };
    expect(await deliver(new Date(firingAt.getTime() + 30 * SECOND))).toBe(1);
    expect(await deliveryOf(firingId)).toMatchObject({ status: 'DELIVERED', attempts: 2, lastError: null, nextAttemptAt: null });
    expect(await lastNotifiedAt()).toEqual(firingAt);
    expect(log.delivered).toHaveBeenCalledWith(expect.objectContaining({ id: firingId, ruleId: RULE, attempts: 2 }));
  });

  it('each try carries the same webhook-id and its own timestamp, signed over id.timestamp.body', () => {
    expect(received).toHaveLength(2);
    const [first, second] = received;
    expect(second!.body).toBe(first!.body);
    expect([first!.headers['webhook-id'], second!.headers['webhook-id']]).toEqual([firingId, firingId]);
    expect([first!.headers['webhook-timestamp'], second!.headers['webhook-timestamp']]).toEqual([
      String(firingAt.getTime() / 1000),
      String(firingAt.getTime() / 1000 + 30),
    ]);
    for (const r of received) expect(r.headers['webhook-signature']).toBe(expectedSignature(firingId, String(r.headers['webhook-timestamp']), r.body));
    expect(first!.headers['x-caro-signature']).toBeUndefined();
  });

  it('a firing payload has no end: Alertmanager’s zero time, not 1970', () => {
    const payload = JSON.parse(received[0]!.body);
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      groupLabels: { alertname: RULE },
      alerts: [{ status: 'firing', annotations: { summary: 'P95 is 1,500 ms (limit 1,000 ms)', value: '1,500 ms', threshold: '1,000 ms', value_raw: '1500', threshold_raw: '1000' }, startsAt: firingAt.toISOString(), endsAt: ZERO_TIME }],
    });
    expect(ZERO_TIME).toBe('0001-01-01T00:00:00Z');
  });

  it('a RESOLVED notice that fails while the receiver is down is sent once it is back', async () => {
    const result = await evaluate(resolvedAt);
    expect(result.notifications).toEqual([{ ruleId: RULE, status: 'resolved', silenced: false, deliveryId: expect.any(String) }]);
    const resolvedId = result.notifications[0]!.deliveryId!;
    // Nothing listens on port 9: the connection is refused.
    expect(await deliver(resolvedAt, { ...webhook, url: 'http://127.0.0.1:9/hook' })).toBe(1);
    expect(await deliveryOf(resolvedId)).toMatchObject({ status: 'PENDING', attempts: 1, nextAttemptAt: new Date(resolvedAt.getTime() + 30 * SECOND) });
    expect(log.failed).toHaveBeenCalledWith(expect.objectContaining({ id: resolvedId, attempts: 1, nextAttemptAt: new Date(resolvedAt.getTime() + 30 * SECOND) }));

    expect(await deliver(new Date(resolvedAt.getTime() + 30 * SECOND))).toBe(1);
    expect(await deliveryOf(resolvedId)).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    const payload = JSON.parse(received.at(-1)!.body);
    expect(payload).toMatchObject({ status: 'resolved', alerts: [{ status: 'resolved', endsAt: resolvedAt.toISOString() }] });
  });

  it('alertDeliveries lists them, newest first', async () => {
    const { alertDeliveries } = await createTestClient().request<{ alertDeliveries: unknown[] }>(
      `{ alertDeliveries(ruleId: "${RULE}") { alertState status attempts lastError } }`,
    );
    expect(alertDeliveries).toEqual([
      { alertState: 'RESOLVED', status: 'DELIVERED', attempts: 2, lastError: null },
      { alertState: 'FIRING', status: 'DELIVERED', attempts: 2, lastError: null },
    ]);
  });
});

describe('the sender’s rules (#11)', () => {
  const queue = (at: Date, expiresAfterMs = 60 * SECOND) =>
    enqueueNotice(db.prisma, { ruleId: `test.${randomUUID()}`, alertState: 'FIRING', payload: '{}', at }, expiresAfterMs, at);
  const T = new Date(Date.UTC(2026, 5, 1));

  it('a notice not delivered before it expires is given up (EXPIRED) and logged', async () => {
    answer = { status: 500 };
    const id = await queue(T);
    await deliver(T);
    expect(await deliveryOf(id)).toMatchObject({ status: 'PENDING', attempts: 1, nextAttemptAt: new Date(T.getTime() + 30 * SECOND) });
    // The next wait is 60 s: past the expiry at T + 60 s, so this second failure is the last.
    await deliver(new Date(T.getTime() + 30 * SECOND));
    expect(await deliveryOf(id)).toMatchObject({ status: 'EXPIRED', attempts: 2, nextAttemptAt: null });
    expect(log.failed).toHaveBeenLastCalledWith(expect.objectContaining({ id, attempts: 2, nextAttemptAt: null, error: 'HTTP 500' }));
  });

  it('the receiver’s Retry-After sets the next try; 410 Gone gives up at once', async () => {
    const later = new Date(T.getTime() + 86_400_000);
    answer = { status: 503, headers: { 'retry-after': '120' } };
    const busy = await queue(later, 3_600_000);
    await deliver(later);
    expect(await deliveryOf(busy)).toMatchObject({ status: 'PENDING', nextAttemptAt: new Date(later.getTime() + 120 * SECOND) });
    answer = { status: 410 };
    await deliver(new Date(later.getTime() + 120 * SECOND));
    expect(await deliveryOf(busy)).toMatchObject({ status: 'EXPIRED', attempts: 2, lastError: 'HTTP 410' });
  });

  it('a notice of a past moment evaluated now is due now and expires from now, not from that moment', async () => {
    const queuedAt = new Date();
    const id = await enqueueNotice(db.prisma, { ruleId: `test.${randomUUID()}`, alertState: 'FIRING', payload: '{}', at: T }, 3_600_000, queuedAt);
    expect(await deliveryOf(id)).toMatchObject({ createdAt: T, nextAttemptAt: queuedAt, expiresAt: new Date(queuedAt.getTime() + 3_600_000) });
  });

  it('a newer notice of the same rule supersedes a waiting one', async () => {
    const at = new Date(T.getTime() + 2 * 86_400_000);
    const ruleId = `test.${randomUUID()}`;
    const older = await enqueueNotice(db.prisma, { ruleId, alertState: 'FIRING', payload: '{}', at }, 60_000, at);
    const newer = await enqueueNotice(db.prisma, { ruleId, alertState: 'RESOLVED', payload: '{}', at }, 60_000, at);
    expect((await deliveryOf(older)).status).toBe('SUPERSEDED');
    expect((await deliveryOf(newer)).status).toBe('PENDING');
  });

  it('redirects are not followed', async () => {
    answer = { status: 302, headers: { location: '/elsewhere' } };
    const before = received.length;
    expect(await postNotification(webhook, randomUUID(), '{}')).toEqual({ delivered: false, error: 'HTTP 302: redirects are not followed', gone: false });
    expect(received.slice(before).map((r) => r.path)).toEqual(['/hook']);
  });

  it('the signature verifies with the standardwebhooks library (whsec_ and raw secrets), and a replay an hour old does not', () => {
    const body = '{"status":"firing"}';
    const whsec = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const now = new Date();
    expect(() => new Webhook(whsec).verify(body, signedHeaders(whsec, 'msg_1', now, body))).not.toThrow();
    expect(() => new Webhook(SECRET, { format: 'raw' }).verify(body, signedHeaders(SECRET, 'msg_2', now, body))).not.toThrow();
    const replay = signedHeaders(whsec, 'msg_3', new Date(now.getTime() - 3_600_000), body);
    expect(() => new Webhook(whsec).verify(body, replay)).toThrow(/too old/i);
  });

  it('ALERT_WEBHOOK_URL must be http or https', () => {
    const secret = 'x'.repeat(16);
    for (const url of ['ftp://hooks.example.com/x', 'file:///etc/passwd', 'gopher://x'])
      expect(() => parseConfig({ ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_SECRET: secret }), url).toThrow(/ALERT_WEBHOOK_URL/);
    expect(parseConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/caro', ALERT_WEBHOOK_SECRET: secret }).ALERT_WEBHOOK_URL).toBe('https://hooks.example.com/caro');
  });
});
