/** Alert evaluation and delivery bound to the server's database, registry and configuration, and their schedules. */
import { Cron } from 'croner';
import { db } from '../db.js';
import { env } from '../env.js';
import { logger } from '../logger.js';
import { registry } from '../registry/catalogue.js';
import { evaluateAlerts, type AlertEvaluation } from './evaluate-alerts.js';
import { DEFAULT_POLICY, deliverDue, startDeliveryWorker, type DeliveryWorker } from './outbox.js';
import type { WebhookTarget } from './webhook.js';

const webhook: WebhookTarget | null = env.ALERT_WEBHOOK_URL
  ? { url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET!, timeoutMs: 15_000 }
  : null;
const policy = { ...DEFAULT_POLICY, expiresAfterMs: env.ALERT_DELIVERY_EXPIRY_HOURS * 3_600_000 };

let worker: DeliveryWorker | null = null;

export async function evaluateAlertsAt(at: Date = new Date()): Promise<AlertEvaluation> {
  const result = await evaluateAlerts({ at, registry, db, outbox: webhook ? policy : null, repeatIntervalMs: env.ALERT_REPEAT_MINUTES * 60_000 });
  if (result.notifications.some((n) => n.deliveryId !== null)) worker?.kick();
  return result;
}

/** Evaluates on ALERT_EVALUATION_CRON; `protect` skips a run while the previous one is still going. */
export function startAlertSchedule(): Cron {
  return new Cron(env.ALERT_EVALUATION_CRON, { timezone: 'UTC', protect: true }, async () => {
    try {
      const result = await evaluateAlertsAt();
      logger.info({ evaluated: result.evaluated, transitions: result.transitions.length, notifications: result.notifications.length }, 'alerts evaluated');
    } catch (error) {
      logger.error({ err: error }, 'alert evaluation failed');
    }
  });
}

/** Delivers queued notices (every 5 s, and right after an evaluation queues one); null without a webhook. */
export function startAlertDelivery(): DeliveryWorker | null {
  if (!webhook) return null;
  const log = {
    delivered: (entry: object) => logger.info(entry, 'alert notification delivered'),
    failed: (entry: { nextAttemptAt: Date | null }) =>
      entry.nextAttemptAt ? logger.warn(entry, 'alert notification failed; will retry') : logger.error(entry, 'alert notification given up'),
  };
  worker = startDeliveryWorker(() => deliverDue({ prisma: db.prisma, webhook, policy, log }), {
    intervalMs: 5000,
    onError: (error) => logger.error({ err: error }, 'alert delivery failed'),
  });
  worker.kick();
  return worker;
}
