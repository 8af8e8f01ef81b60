/** Alert evaluation bound to the server's database, registry and configuration, and its schedule. */
import { Cron } from 'croner';
import { db } from '../db.js';
import { env } from '../env.js';
import { logger } from '../logger.js';
import { registry } from '../registry/catalogue.js';
import { evaluateAlerts, type AlertEvaluation } from './evaluate-alerts.js';
import type { WebhookTarget } from './webhook.js';

const webhook: WebhookTarget | null = env.ALERT_WEBHOOK_URL
  ? { url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET!, attempts: 4, backoffMs: 1000, timeoutMs: 10_000 }
  : null;

export function evaluateAlertsAt(at: Date = new Date()): Promise<AlertEvaluation> {
  return evaluateAlerts({ at, registry, db, webhook, repeatIntervalMs: env.ALERT_REPEAT_MINUTES * 60_000 });
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
