/**
 * Notifications against a real HTTP listener started here: Alertmanager-shaped payload, HMAC
 * signature over the body, a retry after a 500, and no second delivery of the same notice.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate-alerts.js';
import { db } from '../../src/db.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { defineMetric } from '../../src/registry/define-metric.js';
import { createRegistry } from '../../src/registry/registry.js';

const SECRET = 'webhook-secret-for-tests';
const received: { headers: Record<string, string | string[] | undefined>; body: string; answered: number }[] = [];
const answers = [500, 200];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const status = answers[received.length] ?? 200;
      received.push({ headers: request.headers, body, answered: status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
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

describe('webhook notifications', () => {
  it('retries after a 500, signs the body, and delivers once', async () => {
    const webhook = { url, secret: SECRET, attempts: 3, backoffMs: 10, timeoutMs: 2000 };
    const at = new Date(Date.UTC(2026, 1, 3, 0, 5));
    const result = await evaluateAlerts({ at, registry, db, webhook, repeatIntervalMs: 4 * 3_600_000 });
    expect(result.notifications).toEqual([{ ruleId: 'slow.above_1000_ms', status: 'firing', delivered: true, silenced: false }]);

    expect(received.map((r) => r.answered)).toEqual([500, 200]);
    const [first, second] = received;
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['x-caro-delivery']).toBe(first!.headers['x-caro-delivery']);
    expect(second!.headers['x-caro-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(second!.body).digest('hex')}`);

    const payload = JSON.parse(second!.body);
    expect(payload).toMatchObject({
      version: '4',
      status: 'firing',
      receiver: 'caro-metrics',
      groupLabels: { alertname: 'slow.above_1000_ms' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'slow.above_1000_ms', metric: 'slow', severity: 'critical' },
          // Both latencies are 1 500 ms, so every percentile is 1 500.
          annotations: { summary: 'P95 is 1,500 ms (limit 1,000 ms)', value: '1,500 ms', threshold: '1,000 ms', value_raw: '1500', threshold_raw: '1000' },
          startsAt: at.toISOString(),
        },
      ],
    });

    const deliveries = await db.prisma.notificationDelivery.findMany();
    expect(deliveries.map((d) => [d.ruleId, d.alertState, d.status, d.attempts, d.lastError])).toEqual([
      ['slow.above_1000_ms', 'FIRING', 'DELIVERED', 2, null],
    ]);

    // The same moment again, and an hour later (within the repeat interval): nothing more is sent.
    await evaluateAlerts({ at, registry, db, webhook, repeatIntervalMs: 4 * 3_600_000 });
    await evaluateAlerts({ at: new Date(at.getTime() + 3_600_000), registry, db, webhook, repeatIntervalMs: 4 * 3_600_000 });
    expect(received).toHaveLength(2);
  });

  it('logs a failed delivery with its error after the last try', async () => {
    // Day 3 has no events: no data counts as passing, so the rule resolves and notifies.
    const webhook = { url: 'http://127.0.0.1:9/unreachable', secret: SECRET, attempts: 2, backoffMs: 5, timeoutMs: 500 };
    const result = await evaluateAlerts({ at: new Date(Date.UTC(2026, 1, 4, 0, 5)), registry, db, webhook, repeatIntervalMs: 4 * 3_600_000 });
    expect(result.notifications).toEqual([{ ruleId: 'slow.above_1000_ms', status: 'resolved', delivered: false, silenced: false }]);
    const failed = await db.prisma.notificationDelivery.findFirst({ where: { status: 'FAILED' } });
    expect(failed).toMatchObject({ alertState: 'RESOLVED', attempts: 2 });
    expect(failed!.lastError).toBeTruthy();
  });
});
