/**
 * Evaluates every alert rule at a moment: judges its last complete period, moves its persisted state,
 * records transitions with the values that caused them, and queues notices on changes (and every
 * repeat interval while firing) unless silenced, each rule in one transaction. It sends nothing: the
 * outbox's sender delivers (outbox.ts). Evaluating a period a rule has already judged changes
 * nothing, so running it twice for the same moment is harmless.
 */
import { markDataChanged } from '../caching/data-version.js';
import type { DatabaseHandle } from '../db.js';
import { env } from '../env.js';
import { formatValue, formatWindow } from '../format/format.js';
import { createEvaluator } from '../query-engine/evaluate.js';
import type { Registry } from '../registry/registry.js';
import { judgeRule, type Judgement } from './judge.js';
import { enqueueNotice, hasPendingNotice } from './outbox.js';
import { lastCompletePeriod } from './periods.js';
import { describeCondition, formatThreshold, rulesOf, thresholdOf, type ResolvedRule } from './rules.js';
import { activeSilences, silences } from './silences.js';
import { INITIAL_STATE, nextState, type AlertStateName } from './state-machine.js';
import { alertmanagerPayload } from './webhook.js';

export interface AlertEvaluationOptions {
  at: Date;
  registry: Registry;
  db: DatabaseHandle;
  /** Notices are queued for a webhook; null: none is configured, none is queued. */
  outbox: { expiresAfterMs: number } | null;
  /** Re-notify a rule that keeps firing this often. */
  repeatIntervalMs: number;
  /** The clock when notices are queued (default: the real one; tests pin it). */
  now?: Date;
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
  /** Notices due: queued (with the delivery's id), or muted by a silence. */
  notifications: { ruleId: string; status: 'firing' | 'resolved'; silenced: boolean; deliveryId: string | null }[];
}

// One evaluation at a time in this process; the state rows' period check covers other processes.
let queue: Promise<unknown> = Promise.resolve();

export function evaluateAlerts(options: AlertEvaluationOptions): Promise<AlertEvaluation> {
  const run = queue.then(() => evaluateNow(options));
  queue = run.catch(() => undefined);
  return run;
}

async function evaluateNow({ at, registry, db, outbox, repeatIntervalMs, now }: AlertEvaluationOptions): Promise<AlertEvaluation> {
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
    const becameResolved = changed && next.state === 'RESOLVED';
    const repeatDue = !stored?.lastNotifiedAt || at.getTime() - stored.lastNotifiedAt.getTime() >= repeatIntervalMs;
    const firingNotice = next.state === 'FIRING' && (changed || repeatDue);
    const status = becameResolved ? 'resolved' : 'firing';
    // A silenced notice is not queued and not counted as sent: once the silence ends, the next evaluation sends it.
    const silenced = (firingNotice || becameResolved) && active.some((silence) => silences(silence, rule));

    const outcome = await db.prisma.$transaction(async (tx) => {
      if (stored) {
        // Conditional on the period, so that a concurrent evaluator cannot apply the same period twice.
        const updated = await tx.alertState.updateMany({
          where: { ruleId: rule.id, OR: [{ lastPeriodStart: null }, { lastPeriodStart: { lt: period.from } }] },
          data,
        });
        if (updated.count === 0) return null;
      } else {
        await tx.alertState.create({ data: { ruleId: rule.id, ...data } });
      }
      const transition = changed
        ? { ruleId: rule.id, fromState: current.state, toState: next.state, at, periodStart: period.from, periodEnd: period.to, value: judgement.value, message }
        : null;
      if (transition) await tx.alertTransition.create({ data: transition });
      if ((!firingNotice && !becameResolved) || silenced) return { transition, deliveryId: null };
      if (!outbox) {
        // No receiver: the notice is only reported, and counted as given so that repeats keep their interval.
        await tx.alertState.update({ where: { ruleId: rule.id }, data: { lastNotifiedAt: at } });
        return { transition, deliveryId: null };
      }
      // A repeat while the last notice still waits for the receiver would only queue the same again.
      if (!changed && (await hasPendingNotice(tx, rule.id))) return { transition, deliveryId: null };
      const payload = JSON.stringify(
        alertmanagerPayload({
          ruleId: rule.id,
          metricId: rule.metric.id,
          severity: rule.rule.severity,
          status,
          summary: message,
          value: judgement.value,
          threshold: thresholdOf(rule.rule),
          valueText: formatValue(rule.metric.unit, judgement.value),
          thresholdText: formatThreshold(rule.rule, rule.metric.unit),
          startsAt: since,
          endsAt: becameResolved ? at : null,
          scope: rule.rule.scope,
        }),
      );
      const alertState = becameResolved ? 'RESOLVED' : 'FIRING';
      return { transition, deliveryId: await enqueueNotice(tx, { ruleId: rule.id, alertState, payload, at }, outbox.expiresAfterMs, now ?? new Date()) };
    });
    if (outcome === null) continue;
    markDataChanged();
    if (outcome.transition) result.transitions.push(outcome.transition);
    if (firingNotice || becameResolved) result.notifications.push({ ruleId: rule.id, status, silenced, deliveryId: outcome.deliveryId });
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
