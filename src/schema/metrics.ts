/**
 * Metric queries. `metric(id:)` answers any metric; `metrics { <camelCaseId>(window:) }` has one
 * typed field per plugin, whose `segments(by:)` takes that metric's own segment enum. Every field
 * of a request shares one evaluator, so all their SQL goes out batched (src/query-engine/evaluate.ts).
 */
import { builder, loaderFor, type Context } from '../builder.js';
import { db } from '../db.js';
import { env } from '../env.js';
import { apiError } from '../errors.js';
import { AlertKindRef, AlertSeverityRef, DirectionRef, MetricUnitRef } from './enums.js';
import { formatChange, formatTarget, formatValue } from '../format/format.js';
import { createEvaluator, type Evaluator } from '../query-engine/evaluate.js';
import { cohortWindowOf, type CohortChoice } from '../query-engine/cohorts.js';
import { FilterError, type Filter } from '../query-engine/leaf-sql.js';
import { checkFilter, computeSegments, computeSeries, computeSnapshot, type MetricSnapshot, type SegmentValue, type SeriesPoint } from '../query-engine/metric-result.js';
import type { ResolvedTarget } from '../query-engine/targets.js';
import { previousWindow, resolveWindow, WindowError, type Granularity, type TimeWindow, type TimeWindowInput } from '../query-engine/window.js';
import { registry } from '../registry/catalogue.js';
import { QueryTimeoutError } from '../sql/read-pool.js';
import type { MetricDefinition } from '../registry/define-metric.js';

/** A metric over a window, computed lazily and once per request. */
export interface MetricHandle {
  metric: MetricDefinition;
  /** The window asked for. */
  window: TimeWindow;
  /** For a cohort metric, the window its cohort is taken from (the asked one, or the latest finished); else null. */
  cohortWindow: TimeWindow | null;
  filter: Filter;
  /** Why `filter` cannot be applied to this metric: every value of it answers INVALID_FILTER. */
  filterProblem: FilterError | null;
  evaluator: Evaluator;
  snapshot?: Promise<MetricSnapshot>;
}

/** The window a handle's values are computed over. */
const computedWindow = (handle: MetricHandle) => handle.cohortWindow ?? handle.window;

export function evaluatorOf(context: Context): Evaluator {
  return loaderFor(context, 'metric-evaluator', () => createEvaluator({ driver: db.reads, formulaOf: registry.formulaOf, source: env.CARO_QUERY_SOURCE }));
}

/**
 * Runs `work` (sync or async), reporting the expected failures of a metric query by their codes: a
 * bad window or series as INVALID_WINDOW, a query stopped after QUERY_TIMEOUT_MS as QUERY_TIMEOUT.
 */
export function orQueryError<T>(work: () => T): T {
  const report = (error: unknown): never => {
    if (error instanceof WindowError) throw apiError('INVALID_WINDOW', error.message, { cause: error });
    if (error instanceof QueryTimeoutError) throw apiError('QUERY_TIMEOUT', error.message, { cause: error });
    if (error instanceof FilterError) throw apiError('INVALID_FILTER', error.message, { cause: error });
    throw error;
  };
  try {
    const result = work();
    return (result instanceof Promise ? result.catch(report) : result) as T;
  } catch (error) {
    return report(error);
  }
}

export interface HandleOptions {
  filter?: Filter | null;
  /** Default: the window's own cohort. */
  cohort?: CohortChoice | null;
}

export function handleFor(context: Context, metric: MetricDefinition, input: TimeWindowInput, options: HandleOptions = {}): MetricHandle {
  const evaluator = evaluatorOf(context);
  const window = orQueryError(() => resolveWindow(input, evaluator.now));
  const filter = options.filter ?? {};
  let filterProblem: FilterError | null = null;
  try {
    checkFilter(metric, filter);
  } catch (error) {
    if (!(error instanceof FilterError)) throw error;
    filterProblem = error;
  }
  const cohortWindow = cohortWindowOf(metric.formula, registry.formulaOf, window, options.cohort ?? 'WINDOW');
  return { metric, window, cohortWindow, filter, filterProblem, evaluator };
}

/** Runs a computation of the handle's values in a turn of the server's thread, unless its filter cannot apply. */
function computing<T>(handle: MetricHandle, work: (window: TimeWindow) => Promise<T>): Promise<T> {
  return orQueryError(() => {
    if (handle.filterProblem) throw handle.filterProblem;
    return handle.evaluator.inTurn(() => work(computedWindow(handle)));
  });
}

const snapshotOf = (handle: MetricHandle) =>
  (handle.snapshot ??= computing(handle, (window) => computeSnapshot(handle.evaluator, handle.metric, window, handle.filter)));

export function segmentsOf(handle: MetricHandle, by: string): Promise<SegmentValue[]> {
  if (!handle.metric.segments.includes(by)) {
    const allowed = handle.metric.segments.length > 0 ? handle.metric.segments.join(', ') : 'none';
    throw apiError('INVALID_SEGMENT', `${handle.metric.id} cannot be split by "${by}" (segments: ${allowed})`);
  }
  return computing(handle, (window) => computeSegments(handle.evaluator, handle.metric, window, by, handle.filter));
}

export function seriesOf(handle: MetricHandle, granularity: Granularity): Promise<SeriesPoint[]> {
  return computing(handle, (window) => computeSeries(handle.evaluator, handle.metric, window, granularity, handle.filter));
}

/** The same metric over the previous window of equal length, on the same evaluator (so batched with it). */
export function previousOf(handle: MetricHandle): MetricHandle {
  const previous = (w: TimeWindow | null) => (w === null ? null : previousWindow(w));
  return { ...handle, window: previousWindow(handle.window), cohortWindow: previous(handle.cohortWindow), snapshot: undefined };
}

export const MetricFilterInputRef = builder.inputType('MetricFilterInput', {
  description:
    'Keep only what has one of `values` for `dimension`: exactly what `segments(by: dimension)` shows for those values. ' +
    'A metric can be filtered by the dimensions it can be split by (otherwise INVALID_FILTER).',
  fields: (t) => ({
    dimension: t.string({ description: 'One of the metric definition\'s segments.' }),
    values: t.stringList({ description: 'Segment keys, as `segments` shows them (flags as "true" and "false").' }),
  }),
});

/** The filter list of the API as the engine takes it; a dimension given twice keeps the values both allow. */
export function filterOf(input: readonly { dimension: string; values: readonly string[] }[] | null | undefined): Filter {
  const filter: Record<string, string[]> = {};
  for (const { dimension, values } of input ?? []) {
    filter[dimension] = dimension in filter ? filter[dimension]!.filter((v) => values.includes(v)) : [...values];
  }
  return filter;
}

export const CohortChoiceRef = builder.enumType('CohortChoice', {
  description: "Which cohort a cohort metric (activation, retention, time to first success) answers for.",
  values: {
    WINDOW: { description: "The sessions first seen in the window; members whose look-forward period has not ended are left out (excludedCohortMembers)." },
    LATEST_FINISHED: {
      description:
        'The latest cohort whose look-forward period has ended by the window\'s end: the window moved back by whole window lengths (week-1 retention over a week: the cohort of two weeks earlier). `cohortWindow` says which.',
    },
  } as const,
});

export const TimeWindowInputRef = builder.inputType('TimeWindowInput', {
  description:
    'A half-open UTC window [from, to). Give from and to, or last (ending at to, or now). Nothing given (or no window argument at all): ' +
    'the last 7 days; on a dashboard, its review period.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: false }),
    to: t.field({ type: 'DateTime', required: false, description: 'Exclusive end; default now.' }),
    last: t.string({ required: false, description: 'ISO-8601 duration ending at `to`: P7D, P1M, PT12H (a bad one: INVALID_WINDOW).' }),
  }),
});

export const GranularityRef = builder.enumType('Granularity', {
  values: ['DAY', 'WEEK', 'MONTH', 'QUARTER'] as const,
  description: 'Series buckets, aligned to UTC calendar boundaries; weeks are ISO weeks starting Monday.',
});
const TargetStatusRef = builder.enumType('TargetStatus', {
  values: ['MET', 'AT_RISK', 'MISSED', 'NO_TARGET', 'NO_DATA'] as const,
  description: 'AT_RISK: missed by at most the metric\'s tolerance (default 10%) of the target.',
});
const TargetKindRef = builder.enumType('TargetKind', {
  values: ['AT_LEAST', 'AT_MOST', 'BETWEEN', 'CHANGE_AT_LEAST'] as const,
  description: 'CHANGE_AT_LEAST: a goal on the change against the previous window (in changeUnit), not on the value.',
});
const ChangeUnitRef = builder.enumType('ChangeUnit', {
  values: ['PERCENT', 'POINTS'] as const,
  description:
    'PERCENT: relative change (counts, durations, amounts). POINTS: absolute difference: percentage points for ratios (a ratio\'s value is a 0–1 fraction, its change is ×100: 0.601 → 0.615 is 1.4 pp), points for scores.',
});

const TargetRef = builder.objectRef<ResolvedTarget>('Target').implement({
  description: 'The target in force at the end of the window.',
  fields: (t) => ({
    kind: t.field({ type: TargetKindRef, resolve: (target) => target.kind }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
  }),
});

export const MetricPointRef = builder.objectRef<SeriesPoint>('MetricPoint').implement({
  fields: (t) => ({
    start: t.expose('start', { type: 'DateTime' }),
    end: t.expose('end', { type: 'DateTime' }),
    value: t.exposeFloat('value', { nullable: true }),
    partial: t.exposeBoolean('partial', { description: 'Cut by the window, or not over yet.' }),
  }),
});

export const SegmentValueRef = builder.objectRef<SegmentValue>('SegmentValue').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    value: t.exposeFloat('value', { nullable: true }),
    sampleSize: t.exposeInt('sampleSize'),
    target: t.field({ type: TargetRef, nullable: true, resolve: (s) => s.target }),
    status: t.field({ type: TargetStatusRef, resolve: (s) => s.status }),
  }),
});

export const WindowRef = builder.objectRef<TimeWindow>('TimeWindow').implement({
  fields: (t) => ({ from: t.expose('from', { type: 'DateTime' }), to: t.expose('to', { type: 'DateTime' }) }),
});

const FormattedMetricValueRef = builder.objectRef<{ metric: MetricDefinition; snapshot: MetricSnapshot }>('FormattedMetricValue').implement({
  description: 'The numbers as people read them, by the metric\'s unit (one formatter, src/format/format.ts, also used by alerts, webhooks, the weekly report and the web page).',
  fields: (t) => ({
    value: t.string({ description: '"61.5 %", "420 ms", "1,234", "no data".', resolve: ({ metric, snapshot }) => formatValue(metric.unit, snapshot.value) }),
    previousValue: t.string({ resolve: ({ metric, snapshot }) => formatValue(metric.unit, snapshot.previousValue) }),
    change: t.string({
      description: '"+1.4 pp" (percentage points, ratios), "−7 %" (counts, durations, amounts), "+0.3 pts" (scores), "no change", "no previous data".',
      resolve: ({ metric, snapshot }) => formatChange(metric.unit, snapshot),
    }),
    target: t.string({ description: '"≥ 60 %", "≤ 500 ms", "$3.00 – $5.00", "no target".', resolve: ({ metric, snapshot }) => formatTarget(metric.unit, snapshot.target, snapshot.changeUnit) }),
  }),
});

const MetricValueRef = builder.interfaceRef<MetricHandle>('MetricValue').implement({
  description: 'A metric over a window.',
  fields: (t) => ({
    id: t.id({ resolve: (h) => h.metric.id }),
    title: t.string({ resolve: (h) => h.metric.title }),
    unit: t.field({ type: MetricUnitRef, resolve: (h) => h.metric.unit }),
    direction: t.field({ type: DirectionRef, resolve: (h) => h.metric.direction }),
    window: t.field({ type: WindowRef, resolve: (h) => h.window }),
    cohortWindow: t.field({
      type: WindowRef,
      nullable: true,
      description: 'For a cohort metric, the window whose first-seen sessions the values are about (see CohortChoice); null otherwise.',
      resolve: (h) => h.cohortWindow,
    }),
    value: t.float({ nullable: true, description: 'Null when there is no data. A ratio is a fraction: 0.615 is 61.5 %.', resolve: async (h) => (await snapshotOf(h)).value }),
    previousValue: t.float({ nullable: true, description: 'Over the previous window of equal length.', resolve: async (h) => (await snapshotOf(h)).previousValue }),
    change: t.float({
      nullable: true,
      description:
        'Against previousValue, in changeUnit: percent for counts, durations and amounts; percentage points for ratios (0.601 → 0.615 is 1.4, though value is a fraction); points for scores. Null when it cannot be had (no previous value, or a percent change from 0).',
      resolve: async (h) => (await snapshotOf(h)).change,
    }),
    changeUnit: t.field({ type: ChangeUnitRef, resolve: async (h) => (await snapshotOf(h)).changeUnit }),
    target: t.field({ type: TargetRef, nullable: true, resolve: async (h) => (await snapshotOf(h)).target }),
    status: t.field({ type: TargetStatusRef, resolve: async (h) => (await snapshotOf(h)).status }),
    attainment: t.float({ nullable: true, description: 'value / target; target / value for an upper bound.', resolve: async (h) => (await snapshotOf(h)).attainment }),
    formatted: t.field({ type: FormattedMetricValueRef, resolve: async (h) => ({ metric: h.metric, snapshot: await snapshotOf(h) }) }),
    sampleSize: t.int({ nullable: true, description: 'Records or sessions the value rests on.', resolve: async (h) => (await snapshotOf(h)).sampleSize }),
    excludedCohortMembers: t.int({ description: 'Cohort sessions left out: their look-forward period has not ended.', resolve: async (h) => (await snapshotOf(h)).excludedCohortMembers }),
    series: t.field({
      type: [MetricPointRef],
      args: { granularity: t.arg({ type: GranularityRef }) },
      resolve: (h, args) => seriesOf(h, args.granularity),
    }),
    previousSeries: t.field({
      type: [MetricPointRef],
      description: 'The series over the previous window of equal length (where previousValue comes from), to draw beside `series`.',
      args: { granularity: t.arg({ type: GranularityRef }) },
      resolve: (h, args) => seriesOf(previousOf(h), args.granularity),
    }),
  }),
});

export const MetricResultRef = builder.objectRef<MetricHandle>('MetricResult');
builder.objectType(MetricResultRef, {
  interfaces: [MetricValueRef],
  isTypeOf: () => true,
  fields: (t) => ({
    segments: t.field({
      type: [SegmentValueRef],
      args: { by: t.arg.string({ description: 'One of the metric definition\'s segments.' }) },
      resolve: (h, args) => segmentsOf(h, args.by),
    }),
  }),
});

const pascal = (id: string) => id.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const camel = (id: string) => id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const constantCase = (name: string) => name.replace(/([A-Z])/g, '_$1').toUpperCase();

/** One typed result per plugin: its segments are an enum of its own, and its filter an input of its own. */
const typedResults = registry.metrics.map((metric) => {
  const ref = builder.objectRef<MetricHandle>(`${pascal(metric.id)}Result`);
  const filterInput =
    metric.segments.length === 0
      ? null
      : builder.inputType(`${pascal(metric.id)}Filter`, {
          description: `Keep only what has one of the values listed, per dimension ${metric.id} can be split by.`,
          fields: (t) => Object.fromEntries(metric.segments.map((s) => [s, t.stringList({ required: false })])),
        });
  const segmentEnum =
    metric.segments.length === 0
      ? null
      : builder.enumType(`${pascal(metric.id)}Segment`, {
          values: Object.fromEntries(metric.segments.map((s) => [constantCase(s), { value: s }])),
        });
  builder.objectType(ref, {
    description: metric.description,
    interfaces: [MetricValueRef],
    isTypeOf: () => true,
  });
  if (segmentEnum !== null) {
    builder.objectField(ref, 'segments', (t) =>
      t.field({ type: [SegmentValueRef], args: { by: t.arg({ type: segmentEnum }) }, resolve: (h, args) => segmentsOf(h, args.by as string) }),
    );
  }
  return { metric, ref, filterInput };
});

const MetricsRef = builder.objectRef<Record<string, never>>('Metrics');
builder.objectType(MetricsRef, {
  description: 'One field per metric plugin.',
  fields: (t) =>
    Object.fromEntries(
      typedResults.map(({ metric, ref, filterInput }) => [
        camel(metric.id),
        t.field({
          type: ref,
          description: `${metric.title}: ${metric.description}`,
          args: {
            window: t.arg({ type: TimeWindowInputRef, required: false, description: 'Default: the last 7 days.' }),
            cohort: t.arg({ type: CohortChoiceRef, required: false, description: 'Default WINDOW.' }),
            ...(filterInput ? { filter: t.arg({ type: filterInput, required: false }) } : {}),
          },
          resolve: (_root, args, context) => {
            const given = (args as { filter?: Record<string, string[] | null> | null }).filter ?? {};
            const filter = Object.fromEntries(Object.entries(given).flatMap(([dimension, values]) => (values ? [[dimension, values]] : [])));
            return handleFor(context, metric, args.window ?? {}, { filter, cohort: args.cohort });
          },
        }),
      ]),
    ),
});

const AlertRuleDefinitionRef = builder.objectRef<NonNullable<MetricDefinition['alerts']>[number]>('AlertRuleDefinition').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.field({ type: AlertKindRef, resolve: (rule) => rule.kind }),
    severity: t.field({ type: AlertSeverityRef, resolve: (rule) => rule.severity }),
    rule: t.field({ type: 'JSON', description: 'The rule as declared in the plugin.', resolve: (rule) => rule }),
  }),
});

const MetricDefinitionRef = builder.objectRef<MetricDefinition>('MetricDefinition').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    description: t.exposeString('description'),
    unit: t.field({ type: MetricUnitRef, resolve: (m) => m.unit }),
    direction: t.field({ type: DirectionRef, resolve: (m) => m.direction }),
    segments: t.exposeStringList('segments'),
    target: t.field({ type: 'JSON', nullable: true, description: 'The target as declared (bounds, schedules, per segment).', resolve: (m) => m.target ?? null }),
    formula: t.field({ type: 'JSON', description: 'The formula as declared; escape-hatch SQL shows as kind "sql".', resolve: (m) => m.formula }),
    usesSqlEscapeHatch: t.boolean({ resolve: (m) => JSON.stringify(m.formula).includes('"kind":"sql"') }),
    alerts: t.field({ type: [AlertRuleDefinitionRef], resolve: (m) => m.alerts ?? [] }),
  }),
});

function metricOrThrow(id: string): MetricDefinition {
  const metric = registry.get(id);
  if (!metric) throw apiError('METRIC_NOT_FOUND', `no metric "${id}"; metricDefinitions lists them`);
  return metric;
}

builder.queryFields((t) => ({
  metricDefinitions: t.field({ type: [MetricDefinitionRef], description: 'Every metric plugin, by id.', resolve: () => registry.metrics }),
  metric: t.field({
    type: MetricResultRef,
    args: {
      id: t.arg.id(),
      window: t.arg({ type: TimeWindowInputRef, required: false, description: 'Default: the last 7 days.' }),
      filter: t.arg({ type: [MetricFilterInputRef], required: false }),
      cohort: t.arg({ type: CohortChoiceRef, required: false, description: 'Default WINDOW.' }),
    },
    resolve: (_root, args, context) =>
      handleFor(context, metricOrThrow(String(args.id)), args.window ?? {}, { filter: filterOf(args.filter), cohort: args.cohort }),
  }),
  metrics: t.field({ type: MetricsRef, resolve: () => ({}) }),
}));

