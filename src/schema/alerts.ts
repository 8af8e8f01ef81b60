/** Alert rules, their state and history, silences, and on-demand evaluation. */
import { evaluateAlertsAt } from '../alerts/service.js';
import { rulesOf, type ResolvedRule } from '../alerts/rules.js';
import { createSilence, expireSilence, SilenceError } from '../alerts/silences.js';
import type { AlertEvaluation, Transition } from '../alerts/evaluate-alerts.js';
import { builder } from '../builder.js';
import { db } from '../db.js';
import { apiError } from '../errors.js';
import type { Severity } from '../registry/define-metric.js';
import { AlertCadenceRef, AlertKindRef, AlertNoDataRef, AlertSeverityRef } from './enums.js';
import { resolveWindow } from '../query-engine/window.js';
import { registry } from '../registry/catalogue.js';
import { orQueryError, TimeWindowInputRef } from './metrics.js';

const rules = rulesOf(registry);

/** How far ahead of the server's clock an on-demand evaluation may be (clock skew between machines). */
const MAX_EVALUATION_SKEW_MS = 5 * 60_000;

const AlertStateRef = builder.enumType('AlertState', {
  values: ['INACTIVE', 'PENDING', 'FIRING', 'RESOLVED'] as const,
  description: 'INACTIVE → PENDING (failing, not yet `for` evaluations) → FIRING → RESOLVED.',
});

type StateRow = Awaited<ReturnType<typeof db.prisma.alertState.findMany>>[number];

/** A rule with its stored state (null: never evaluated, so INACTIVE). */
interface AlertView {
  rule: ResolvedRule;
  row: StateRow | null;
}

/** The current state of each rule of `ruleIds` (`<metric id>.<alert name>`, as declared), in that order. */
export async function alertsOf(ruleIds: readonly string[]): Promise<AlertView[]> {
  const rows = new Map((await db.prisma.alertState.findMany({ where: { ruleId: { in: [...ruleIds] } } })).map((row) => [row.ruleId, row]));
  return ruleIds.map((id) => ({ rule: ruleOrThrow(id), row: rows.get(id) ?? null }));
}

export const AlertRef = builder.objectRef<AlertView>('Alert').implement({
  description: "A rule's current state.",
  fields: (t) => ({
    ruleId: t.id({ resolve: (a) => a.rule.id }),
    rule: t.field({ type: AlertRuleRef, resolve: (a) => a.rule }),
    metric: t.string({ resolve: (a) => a.rule.metric.id }),
    severity: t.field({ type: AlertSeverityRef, resolve: (a) => a.rule.rule.severity }),
    state: t.field({ type: AlertStateRef, resolve: (a) => (a.row?.state ?? 'INACTIVE') as 'INACTIVE' }),
    since: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.row?.since ?? null }),
    lastValue: t.float({ nullable: true, resolve: (a) => a.row?.lastValue ?? null }),
    lastPeriodStart: t.field({ type: 'DateTime', nullable: true, description: 'Start of the last period judged.', resolve: (a) => a.row?.lastPeriodStart ?? null }),
  }),
});

const AlertRuleRef = builder.objectRef<ResolvedRule>('AlertRule').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: '<metric id>.<alert name>' }),
    metric: t.string({ resolve: (r) => r.metric.id }),
    name: t.string({ resolve: (r) => r.rule.name }),
    kind: t.field({ type: AlertKindRef, resolve: (r) => r.rule.kind }),
    severity: t.field({ type: AlertSeverityRef, resolve: (r) => r.rule.severity }),
    cadence: t.field({ type: AlertCadenceRef, resolve: (r) => r.cadence }),
    for: t.exposeInt('for'),
    keepFiringFor: t.exposeInt('keepFiringFor'),
    minSampleSize: t.exposeInt('minSampleSize'),
    noData: t.field({ type: AlertNoDataRef, resolve: (r) => r.noData }),
    rule: t.field({ type: 'JSON', description: 'The rule as declared.', resolve: (r) => r.rule }),
  }),
});

const TransitionRef = builder.objectRef<Transition>('AlertTransition').implement({
  fields: (t) => ({
    ruleId: t.exposeID('ruleId'),
    fromState: t.field({ type: AlertStateRef, resolve: (x) => x.fromState }),
    toState: t.field({ type: AlertStateRef, resolve: (x) => x.toState }),
    at: t.expose('at', { type: 'DateTime' }),
    periodStart: t.expose('periodStart', { type: 'DateTime' }),
    periodEnd: t.expose('periodEnd', { type: 'DateTime' }),
    value: t.exposeFloat('value', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

const NotificationRef = builder
  .objectRef<AlertEvaluation['notifications'][number]>('AlertNotification')
  .implement({
    description: 'A notice the evaluation found due. It is queued, not sent: alertDeliveries shows its delivery.',
    fields: (t) => ({
      ruleId: t.exposeID('ruleId'),
      status: t.exposeString('status', { description: 'firing or resolved.' }),
      silenced: t.exposeBoolean('silenced', { description: 'Muted by a silence: not queued; sent at the first evaluation after the silence ends.' }),
      deliveryId: t.exposeID('deliveryId', { nullable: true, description: 'The queued delivery; null when silenced or when no webhook is configured.' }),
    }),
  });

const DeliveryStatusRef = builder.enumType('AlertDeliveryStatus', {
  values: {
    PENDING: { description: 'Waiting for its next try.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    EXPIRED: { description: 'Not delivered before it expired (ALERT_DELIVERY_EXPIRY_HOURS), or the receiver answered 410 Gone.' },
    SUPERSEDED: { description: 'A newer notice of the same rule was queued before this one was delivered.' },
  } as const,
});

type DeliveryRow = Awaited<ReturnType<typeof db.prisma.notificationDelivery.findMany>>[number];

const DeliveryRef = builder.objectRef<DeliveryRow>('AlertDelivery').implement({
  description: 'One notification in the outbox, with its tries.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Also the webhook-id header, the same on every try.' }),
    ruleId: t.exposeID('ruleId'),
    alertState: t.field({ type: AlertStateRef, resolve: (d) => d.alertState as 'FIRING' }),
    status: t.field({ type: DeliveryStatusRef, resolve: (d) => d.status as 'PENDING' }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'The evaluation moment that queued it.' }),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const EvaluationRef = builder
  .objectRef<Awaited<ReturnType<typeof evaluateAlertsAt>>>('AlertEvaluation')
  .implement({
    fields: (t) => ({
      at: t.expose('at', { type: 'DateTime' }),
      evaluated: t.exposeInt('evaluated', { description: 'Rules that judged a period not judged before.' }),
      transitions: t.field({ type: [TransitionRef], resolve: (e) => e.transitions }),
      notifications: t.field({ type: [NotificationRef], resolve: (e) => e.notifications }),
    }),
  });

type SilenceRow = Awaited<ReturnType<typeof db.prisma.silence.findMany>>[number];

const SilenceRef = builder.objectRef<SilenceRow>('Silence').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    ruleId: t.exposeString('ruleId', { nullable: true }),
    metricId: t.exposeString('metricId', { nullable: true }),
    severity: t.field({ type: AlertSeverityRef, nullable: true, resolve: (s) => s.severity as Severity | null }),
    startsAt: t.expose('startsAt', { type: 'DateTime' }),
    endsAt: t.expose('endsAt', { type: 'DateTime' }),
    comment: t.exposeString('comment'),
    expiredAt: t.expose('expiredAt', { type: 'DateTime', nullable: true }),
  }),
});


const SilenceInput = builder.inputType('SilenceInput', {
  description: 'Matches rules by any of ruleId, metricId and severity (all that are given must match).',
  fields: (t) => ({
    ruleId: t.string({ required: false, description: 'An id from alertRules.' }),
    metricId: t.string({ required: false, description: 'An id from metricDefinitions.' }),
    severity: t.field({ type: AlertSeverityRef, required: false }),
    startsAt: t.field({ type: 'DateTime', required: false, description: 'Default: now.' }),
    endsAt: t.field({ type: 'DateTime' }),
    comment: t.string(),
  }),
});

function ruleOrThrow(id: string): ResolvedRule {
  const rule = rules.find((r) => r.id === id);
  if (!rule) throw apiError('ALERT_RULE_NOT_FOUND', `no alert rule "${id}"; alertRules lists them`);
  return rule;
}

builder.queryFields((t) => ({
  alertRules: t.field({ type: [AlertRuleRef], description: 'Every rule declared in the metric plugins.', resolve: () => rules }),
  alerts: t.field({
    type: [AlertRef],
    args: { state: t.arg({ type: AlertStateRef, required: false }) },
    description: 'Each rule with its current state; filter by state.',
    resolve: async (_root, args) =>
      (await alertsOf(rules.map((rule) => rule.id))).filter((a) => !args.state || (a.row?.state ?? 'INACTIVE') === args.state),
  }),
  alertHistory: t.field({
    type: [TransitionRef],
    description: 'Transitions in time order: of one rule, or of every rule (a timeline) when ruleId is not given.',
    args: {
      ruleId: t.arg.id({ required: false }),
      window: t.arg({ type: TimeWindowInputRef, required: false, description: 'Transitions whose time falls in it; default all.' }),
    },
    resolve: async (_root, args) => {
      const ruleId = args.ruleId == null ? undefined : ruleOrThrow(String(args.ruleId)).id;
      const window = args.window ? orQueryError(() => resolveWindow(args.window!, new Date())) : null;
      const range = window ? { gte: window.from, lt: window.to } : undefined;
      const rows = await db.prisma.alertTransition.findMany({ where: { ruleId, at: range }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
      return rows.map((row) => ({ ...row, fromState: row.fromState as Transition['fromState'], toState: row.toState as Transition['toState'] }));
    },
  }),
  alertDeliveries: t.field({
    type: [DeliveryRef],
    description: 'Alert notifications, newest first, with their tries: filter by rule and status.',
    args: {
      ruleId: t.arg.id({ required: false }),
      status: t.arg({ type: DeliveryStatusRef, required: false }),
      limit: t.arg.int({ required: false, description: 'At most this many (default 50, at most 500).' }),
    },
    resolve: (_root, args) =>
      db.prisma.notificationDelivery.findMany({
        where: { ruleId: args.ruleId ? String(args.ruleId) : undefined, status: args.status ?? undefined },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: Math.min(Math.max(args.limit ?? 50, 1), 500),
      }),
  }),
  silences: t.field({
    type: [SilenceRef],
    args: { active: t.arg.boolean({ required: false, description: 'Only those in force now.' }) },
    resolve: (_root, args) => {
      const now = new Date();
      const where = args.active ? { expiredAt: null, startsAt: { lte: now }, endsAt: { gt: now } } : {};
      return db.prisma.silence.findMany({ where, orderBy: { createdAt: 'asc' } });
    },
  }),
}));

builder.mutationFields((t) => ({
  evaluateAlerts: t.field({
    type: EvaluationRef,
    description:
      'Evaluates every rule at `at` (default now; at most 5 minutes ahead of the server); a period a rule has already judged is not judged again.',
    args: { at: t.arg({ type: 'DateTime', required: false }) },
    resolve: (_root, args) => {
      const now = new Date();
      // A rule records the period it judged and never judges an earlier one again: an evaluation in
      // the future would silence every rule until then.
      if (args.at && args.at.getTime() > now.getTime() + MAX_EVALUATION_SKEW_MS)
        throw apiError('EVALUATION_TIME_IN_FUTURE', `at may be at most ${MAX_EVALUATION_SKEW_MS / 60_000} minutes ahead of the server's clock (${now.toISOString()})`);
      return evaluateAlertsAt(args.at ?? now);
    },
  }),
  createSilence: t.field({
    type: SilenceRef,
    args: { input: t.arg({ type: SilenceInput }) },
    resolve: async (_root, { input }) => {
      if (input.ruleId) ruleOrThrow(input.ruleId);
      if (input.metricId && !registry.get(input.metricId)) throw apiError('METRIC_NOT_FOUND', `no metric "${input.metricId}"`);
      try {
        return await createSilence(db.prisma, input);
      } catch (error) {
        if (error instanceof SilenceError) throw apiError('INVALID_SILENCE', error.message, { cause: error });
        throw error;
      }
    },
  }),
  expireSilence: t.field({
    type: SilenceRef,
    args: { id: t.arg.id() },
    resolve: async (_root, args) => {
      const silence = await db.prisma.silence.findUnique({ where: { id: String(args.id) } });
      if (!silence) throw apiError('INVALID_SILENCE', `no silence "${args.id}"`);
      return expireSilence(db.prisma, silence.id);
    },
  }),
}));
