/**
 * Evaluates every alert rule at a moment: judges its last complete period, moves its persisted state,
 * records transitions with the values that caused them, and notifies on changes (and every repeat
 * interval while firing) unless silenced. Evaluating a period a rule has already judged changes
 * nothing, so running it twice for the same moment is harmless.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../db.js';
import { env } from '../env.js';
import { formatValue, formatWindow } from '../format/format.js';
import { createEvaluator } from '../query-engine/evaluate.js';
import type { Registry } from '../registry/registry.js';
import { judgeRule, type Judgement } from './judge.js';
import { lastCompletePeriod } from './periods.js';
import { describeCondition, formatThreshold, rulesOf, thresholdOf, type ResolvedRule } from './rules.js';
import { activeSilences, silences } from './silences.js';
import { INITIAL_STATE, nextState, type AlertStateName } from './state-machine.js';
import { alertmanagerPayload, postWithRetries, type WebhookTarget } from './webhook.js';

export interface AlertEvaluationOptions {
  at: Date;
  registry: Registry;
  db: DatabaseHandle;
  /** Where notifications go; none configured, none sent. */
  webhook: WebhookTarget | null;
  /** Re-notify a rule that keeps firing this often. */
  repeatIntervalMs: number;
}

export interface Transition {
  ruleId: string;
  fromState: AlertStateName;
  toState: AlertStateName;
  at: Date;
  periodStart: Date;
  periodEnd: Date;
  value: number | null;
  message: string;
}

export interface AlertEvaluation {
  at: Date;
  /** Rules that judged a new period. */
  evaluated: number;
  transitions: Transition[];
  notifications: { ruleId: string; status: 'firing' | 'resolved'; delivered: boolean; silenced: boolean }[];
}

// One evaluation at a time in this process; the state rows' period check covers other processes.
let queue: Promise<unknown> = Promise.resolve();

export function evaluateAlerts(options: AlertEvaluationOptions): Promise<AlertEvaluation> {
  const run = queue.then(() => evaluateNow(options));
  queue = run.catch(() => undefined);
  return run;
}

async function evaluateNow({ at, registry, db, webhook, repeatIntervalMs }: AlertEvaluationOptions): Promise<AlertEvaluation> {
  const rules = rulesOf(registry);
  const states = new Map((await db.prisma.alertState.findMany()).map((s) => [s.ruleId, s]));
  const due = rules
    .map((rule) => ({ rule, period: lastCompletePeriod(at, rule.cadence) }))
    .filter(({ rule, period }) => {
      const last = states.get(rule.id)?.lastPeriodStart;
      return !last || last < period.from;
    });
  // All rules are judged together, so their SQL goes out batched.
  const evaluator = createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, now: at, source: env.CARO_QUERY_SOURCE });
  const judgements = await Promise.all(due.map(({ rule, period }) => judgeRule(evaluator, rule, period)));
  const active = await activeSilences(db.prisma, at);
  const result: AlertEvaluation = { at, evaluated: due.length, transitions: [], notifications: [] };

  for (const [i, { rule, period }] of due.entries()) {
    const judgement = judgements[i]!;
    const stored = states.get(rule.id);
    const current = stored ? { state: stored.state as AlertStateName, failingCount: stored.failingCount, passingCount: stored.passingCount } : INITIAL_STATE;
    const next = nextState(current, judgement.outcome, rule);
    const changed = next.state !== current.state;
    const message = messageOf(rule, judgement, period);
    const since = changed || !stored ? at : stored.since;
    const data = { ...next, lastPeriodStart: period.from, lastValue: judgement.value, since };
    if (stored) {
      // Conditional on the period, so that a concurrent evaluator cannot apply the same period twice.
      const updated = await db.prisma.alertState.updateMany({
        where: { ruleId: rule.id, OR: [{ lastPeriodStart: null }, { lastPeriodStart: { lt: period.from } }] },
        data,
      });
      if (updated.count === 0) continue;
    } else {
      await db.prisma.alertState.create({ data: { ruleId: rule.id, ...data } });
    }
    if (changed) {
      const transition = { ruleId: rule.id, fromState: current.state, toState: next.state, at, periodStart: period.from, periodEnd: period.to, value: judgement.value, message };
      await db.prisma.alertTransition.create({ data: transition });
      result.transitions.push(transition);
    }
    const becameResolved = changed && next.state === 'RESOLVED';
    const firingNotice = next.state === 'FIRING' && (changed || !stored?.lastNotifiedAt || at.getTime() - stored.lastNotifiedAt.getTime() >= repeatIntervalMs);
    if (!firingNotice && !becameResolved) continue;
    const status = becameResolved ? 'resolved' : 'firing';
    const silenced = active.some((silence) => silences(silence, rule));
    const delivered = silenced || !webhook ? false : await notify(db, webhook, rule, status, judgement, message, since, at);
    // A silenced notice is not counted as sent: once the silence ends, the next evaluation sends it.
    if (!silenced) await db.prisma.alertState.update({ where: { ruleId: rule.id }, data: { lastNotifiedAt: at } });
    result.notifications.push({ ruleId: rule.id, status, delivered, silenced });
  }
  return result;
}

/**
 * The rule's message template, or a default, with {value}, {threshold}, {window}, {metric},
 * {previous}, all in the metric's units: "Execution rate below 60 %: 52.3 % over 2026-02-03".
 */
export function messageOf(rule: ResolvedRule, judgement: Judgement, period: { from: Date; to: Date }): string {
  const { unit } = rule.metric;
  const template = rule.rule.message ?? `{metric} ${describeCondition(rule.rule, unit)}: {value} over {window}`;
  const scope = rule.rule.scope ? ` (${rule.rule.scope.segment} ${rule.rule.scope.value})` : '';
  return template
    .replaceAll('{metric}', `${rule.metric.title}${scope}`)
    .replaceAll('{value}', formatValue(unit, judgement.value))
    .replaceAll('{previous}', formatValue(unit, judgement.previousValue))
    .replaceAll('{threshold}', formatThreshold(rule.rule, unit))
    .replaceAll('{window}', formatWindow(period));
}

async function notify(
  db: DatabaseHandle,
  webhook: WebhookTarget,
  rule: ResolvedRule,
  status: 'firing' | 'resolved',
  judgement: Judgement,
  summary: string,
  since: Date,
  at: Date,
): Promise<boolean> {
  const body = JSON.stringify(
    alertmanagerPayload({
      ruleId: rule.id,
      metricId: rule.metric.id,
      severity: rule.rule.severity,
      status,
      summary,
      value: judgement.value,
      threshold: thresholdOf(rule.rule),
      valueText: formatValue(rule.metric.unit, judgement.value),
      thresholdText: formatThreshold(rule.rule, rule.metric.unit),
      startsAt: since,
      endsAt: status === 'resolved' ? at : null,
      scope: rule.rule.scope,
    }),
  );
  const id = randomUUID();
  await db.prisma.notificationDelivery.create({
    data: { id, ruleId: rule.id, alertState: status.toUpperCase(), status: 'PENDING', attempts: 0, payload: body, createdAt: at },
  });
  const outcome = await postWithRetries(webhook, id, body);
  await db.prisma.notificationDelivery.update({
    where: { id },
    data: {
      status: outcome.delivered ? 'DELIVERED' : 'FAILED',
      attempts: outcome.attempts,
      lastError: outcome.error,
      deliveredAt: outcome.delivered ? new Date() : null,
    },
  });
  return outcome.delivered;
}
