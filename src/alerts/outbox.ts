/**
 * The alert outbox: deciding apart from delivering. Evaluation queues a notice in the transaction
 * that moves the rule's state (so a notice is never lost between the two, RESOLVED ones included);
 * the sender posts due notices, one try each, and reschedules failures with exponential backoff (or
 * the receiver's Retry-After) until a 2xx or the notice's expiry. A rule's `lastNotifiedAt` moves only
 * when a notice is delivered. Every try is logged, and `alertDeliveries` lists them.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db.js';
import { postNotification, type Attempt, type WebhookTarget } from './webhook.js';

/** The Prisma client or a transaction of it. */
type Db = Pick<PrismaClient, 'notificationDelivery' | 'alertState'>;

export interface DeliveryPolicy {
  /** Wait before the second try; doubled for each further one, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A notice not delivered this long after it was queued is given up (EXPIRED). */
  expiresAfterMs: number;
}

export const DEFAULT_POLICY: Omit<DeliveryPolicy, 'expiresAfterMs'> = { backoffMs: 30_000, maxBackoffMs: 3_600_000 };

export interface QueuedNotice {
  ruleId: string;
  alertState: 'FIRING' | 'RESOLVED';
  payload: string;
  /** The evaluation moment. */
  at: Date;
}

/**
 * Queues a notice. An older notice of the same rule still waiting is superseded: the receiver needs
 * the rule's latest state, and a late FIRING after its RESOLVED would say the opposite.
 */
export async function enqueueNotice(db: Db, notice: QueuedNotice, expiresAfterMs: number, queuedAt = new Date()): Promise<string> {
  await db.notificationDelivery.updateMany({
    where: { ruleId: notice.ruleId, status: 'PENDING' },
    data: { status: 'SUPERSEDED', nextAttemptAt: null },
  });
  const id = randomUUID();
  await db.notificationDelivery.create({
    data: {
      id,
      ruleId: notice.ruleId,
      alertState: notice.alertState,
      status: 'PENDING',
      attempts: 0,
      payload: notice.payload,
      createdAt: notice.at,
      // Due now and expiring from now, not from `at`: an on-demand evaluation of a past moment still notifies.
      nextAttemptAt: queuedAt,
      expiresAt: new Date(queuedAt.getTime() + expiresAfterMs),
    },
  });
  return id;
}

/** Whether a notice of the rule is still waiting to be delivered. */
export async function hasPendingNotice(db: Db, ruleId: string): Promise<boolean> {
  return (await db.notificationDelivery.count({ where: { ruleId, status: 'PENDING' } })) > 0;
}

export interface DeliveryLog {
  delivered(entry: { id: string; ruleId: string; alertState: string; attempts: number }): void;
  failed(entry: { id: string; ruleId: string; alertState: string; attempts: number; error: string; nextAttemptAt: Date | null }): void;
}

/** Notices tried per deliverDue call, at most. */
export const DELIVERY_PAGE = 50;

export interface DeliverOptions {
  prisma: PrismaClient;
  webhook: WebhookTarget;
  policy: DeliveryPolicy;
  log: DeliveryLog;
  now?: Date;
  /** Tries per call at most (DELIVERY_PAGE). */
  limit?: number;
  /** Sends one notice (a parameter so that tests can watch it). */
  post?: (target: WebhookTarget, id: string, body: string, now: Date) => Promise<Attempt>;
}

/** Tries every notice that is due, oldest first; returns how many were tried. */
export async function deliverDue(options: DeliverOptions): Promise<number> {
  const { prisma, webhook, policy, log } = options;
  const now = options.now ?? new Date();
  const post = options.post ?? postNotification;
  const due = await prisma.notificationDelivery.findMany({
    where: { status: 'PENDING', nextAttemptAt: { lte: now } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: options.limit ?? DELIVERY_PAGE,
  });
  let tried = 0;
  for (const delivery of due) {
    const entry = { id: delivery.id, ruleId: delivery.ruleId, alertState: delivery.alertState, attempts: delivery.attempts };
    if (delivery.expiresAt !== null && delivery.expiresAt <= now) {
      await prisma.notificationDelivery.updateMany({ where: { id: delivery.id, status: 'PENDING' }, data: { status: 'EXPIRED', nextAttemptAt: null } });
      log.failed({ ...entry, error: delivery.lastError ?? 'expired before a try', nextAttemptAt: null });
      continue;
    }
    // Claim it: another sender (a second server on the same database) skips it, and if this process
    // dies during the try, the notice is due again once the claim runs out.
    const claim = new Date(now.getTime() + webhook.timeoutMs + 60_000);
    const claimed = await prisma.notificationDelivery.updateMany({
      where: { id: delivery.id, status: 'PENDING', nextAttemptAt: delivery.nextAttemptAt },
      data: { nextAttemptAt: claim },
    });
    if (claimed.count === 0) continue;
    tried += 1;
    const attempts = delivery.attempts + 1;
    const attempt = await post(webhook, delivery.id, delivery.payload, now);
    if (attempt.delivered) {
      await prisma.notificationDelivery.update({
        where: { id: delivery.id },
        data: { status: 'DELIVERED', attempts, lastError: null, deliveredAt: new Date(), nextAttemptAt: null },
      });
      await prisma.alertState.updateMany({
        where: { ruleId: delivery.ruleId, OR: [{ lastNotifiedAt: null }, { lastNotifiedAt: { lt: delivery.createdAt } }] },
        data: { lastNotifiedAt: delivery.createdAt },
      });
      log.delivered({ ...entry, attempts });
      continue;
    }
    const wait = attempt.retryAfterMs ?? Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempts - 1));
    const next = new Date(now.getTime() + wait);
    const giveUp = attempt.gone === true || (delivery.expiresAt !== null && next >= delivery.expiresAt);
    await prisma.notificationDelivery.update({
      where: { id: delivery.id },
      data: { attempts, lastError: attempt.error.slice(0, 500), status: giveUp ? 'EXPIRED' : 'PENDING', nextAttemptAt: giveUp ? null : next },
    });
    log.failed({ ...entry, attempts, error: attempt.error, nextAttemptAt: giveUp ? null : next });
  }
  return tried;
}

export interface DeliveryWorker {
  /** Delivers now what is due (after an evaluation queued something). */
  kick(): void;
  /** Stops polling and waits for the tries under way. */
  stop(): Promise<void>;
}

/** Runs `deliver` every `intervalMs` and on kick, never twice at once. */
export function startDeliveryWorker(deliver: () => Promise<number>, options: { intervalMs: number; onError(error: unknown): void }): DeliveryWorker {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        do {
          again = false;
          // A full page tried: more may be due.
          while ((await deliver()) >= DELIVERY_PAGE);
        } while (again);
      } catch (error) {
        options.onError(error);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    kick: run,
    async stop() {
      clearInterval(timer);
      again = false;
      await running;
    },
  };
}
