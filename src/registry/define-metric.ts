/**
 * The metric plugin API. A metric is one file, `metrics/<area>/<metric-id>.ts`, whose default
 * export is `defineMetric({...})`. Everything in it is data (validated at start-up, listed through
 * GraphQL, compiled to SQL), except the explicit `sql` formula, the escape hatch.
 *
 * @example
 * export default defineMetric({
 *   id: 'execution_rate',
 *   title: 'Execution rate',
 *   description: 'Share of generated commands that the user executed.',
 *   unit: 'ratio',
 *   direction: 'higher',
 *   formula: {
 *     kind: 'ratio',
 *     numerator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_EXECUTED' } },
 *     denominator: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_GENERATED' } },
 *   },
 *   segments: ['backend', 'platform', 'caroVersion'],
 *   target: { atLeast: 0.7 },
 *   alerts: [{ name: 'execution_rate_low', kind: 'threshold', below: 0.6, severity: 'warning' }],
 * });
 */
import type { Dialect } from '../env.js';
import type { SqlFragment } from '../sql/fragment.js';
import type { EventType } from '../ingestion/contract.js';
import type { Dimension, EventField, FieldOf, FieldValue, SegmentKey, SourceName } from './sources.js';

import type { Direction, Unit } from './units.js';

export type { Direction, Unit };

/**
 * A condition on one field holding `V`: a value, a list of values (any of), or comparisons. On a
 * closed field of the contract the values are its enum's: `{ backend: 'STATIK' }` does not compile.
 */
export type FieldCondition<V = string | number | boolean> =
  | V
  | readonly Extract<V, string | number>[]
  | { gte?: number; gt?: number; lte?: number; lt?: number; notNull?: true; not?: Extract<V, string> | readonly Extract<V, string>[] };

/** Conditions on fields of a source, all of which must hold. */
export type Where<S extends SourceName = SourceName> = { readonly [F in FieldOf<S>]?: FieldCondition<FieldValue<S, F>> };

/** An aggregate over the records of one source whose time falls in the window. */
export type MeasureFormula = {
  [S in SourceName]: {
    kind: 'measure';
    source: S;
    aggregate: 'count' | 'countSessions' | 'sum' | 'avg' | 'min' | 'max' | 'percentile';
    /** The field aggregated (sum, avg, min, max, percentile). */
    field?: FieldOf<S>;
    /** For `percentile`: 0 to 100, continuous (linear interpolation, as percentile_cont). */
    percentile?: number;
    where?: Where<S>;
  };
}[SourceName];

/** Sessions with at least one COMMAND_EXECUTED event in the `days` days ending at the window's end (WAU, MAU). */
export interface RollingActiveFormula {
  kind: 'rollingActive';
  days: number;
  /** Only sessions whose latest answer to `survey` before the window's end has a score ≥ `scoreAtLeast`. */
  latestSurvey?: { survey: 'NPS' | 'CSAT'; scoreAtLeast: number };
}

/** Sessions first seen (earliest telemetry event) in the window. */
export interface NewSessionsFormula {
  kind: 'newSessions';
  /** `window` (default): first seen in [from, to); `beforeEnd`: first seen before `to` (all users so far). */
  firstSeen?: 'window' | 'beforeEnd';
}

/**
 * The cohort of sessions first seen in the window, each looked at over its own look-forward period:
 * `share` of the cohort that meets `condition` in the period, or a `percentile` of seconds from first
 * seen to the first event meeting it. Sessions whose period has not ended are left out, and counted.
 */
export interface CohortFormula {
  kind: 'cohort';
  condition: { eventType: EventType; where?: Where<'events'>; atLeast?: number };
  /** Days after first seen (`offsetDays`, `days`), or the UTC day after the first-seen day. */
  period: { offsetDays: number; days: number } | 'nextUtcDay';
  result: 'share' | { percentileSeconds: number };
}

/**
 * Sessions that, by the window's end, had sent at least `atLeast` events matching the condition, at
 * any time before the end ("sessions with 10 successful commands"); with `answeredSurvey`, only those
 * that also answered a survey in the window.
 */
export interface EngagedSessionsFormula {
  kind: 'engagedSessions';
  condition: { eventType: EventType; where?: Where<'events'>; atLeast: number };
  answeredSurvey?: boolean;
}

/** The sessions active in the window, by the latest value of a field they sent before the window's end. */
export type SessionStateFormula = {
  [F in EventField]: {
    kind: 'sessionState';
    field: F;
    /** Count only sessions whose latest value meets this; without it, every session with a value. */
    match?: FieldCondition<FieldValue<'events', F>>;
  };
}[EventField];

/** Each value of `of` as a share of `base` (backend share, safety-mode share). */
export interface ShareFormula<D extends Dimension = Dimension> {
  kind: 'share';
  base: Formula;
  of: D;
  /** The value whose share is the metric's headline value (and its target, alerts). */
  headline?: SegmentKey<D>;
}

/** A share of any dimension, its headline a value of that dimension. */
type AnyShareFormula = { [D in Dimension]: ShareFormula<D> }[Dimension];

/** Latest observation of a gauge before the window's end (`github.stars`). */
export interface GaugeFormula {
  kind: 'gauge';
  gauge: `${string}.${string}`;
}

/** Subscription state from each account's latest billing event. */
export interface SubscriptionFormula {
  kind: 'subscriptions';
  measure: 'mrr' | 'accounts' | 'payingAccounts' | 'cancelledPaying';
  /** State at the window's end (default) or start. `cancelledPaying` counts paying-at-start accounts cancelled in the window. */
  at?: 'end' | 'start';
}

/** numerator / denominator; no value when the denominator is 0. */
export interface RatioFormula {
  kind: 'ratio';
  numerator: Formula;
  denominator: Formula;
  /**
   * Segments whose split divides each value's numerator by the whole denominator (error rate by
   * errorCategory: failures of that category / all generations).
   */
  wholeDenominatorFor?: readonly string[];
  /** Multiply the ratio (100 for percentages such as NPS). */
  scale?: number;
  /** Normalise to a rate per this many days of window (commands per user per 7 days). */
  perDays?: number;
}

/** Arithmetic over two formulas. */
export interface ArithmeticFormula {
  kind: 'arithmetic';
  op: 'add' | 'subtract' | 'multiply' | 'divide';
  left: Formula;
  right: Formula;
}

/** Another metric's value, by id (checked: unknown ids and cycles are definition errors). */
export interface MetricRefFormula {
  kind: 'metric';
  id: string;
}

/** What an escape-hatch query receives. Use `sql` from src/sql/fragment.ts: values stay parameters. */
export interface SqlFormulaParams {
  from: Date;
  to: Date;
  now: Date;
  /** The segment asked for, or null: the query then returns one row with `seg` NULL. */
  segmentBy: string | null;
}

/**
 * The escape hatch, for what the data form cannot say: one query per dialect returning rows
 * `(seg, value, n)`. It is marked as such in `metricDefinitions`.
 */
export interface SqlFormula {
  kind: 'sql';
  /** The dimensions the query can group by. */
  dimensions?: readonly string[];
  query: Record<Dialect, (params: SqlFormulaParams) => SqlFragment>;
}

export type Formula =
  | MeasureFormula
  | RollingActiveFormula
  | NewSessionsFormula
  | CohortFormula
  | EngagedSessionsFormula
  | SessionStateFormula
  | AnyShareFormula
  | GaugeFormula
  | SubscriptionFormula
  | RatioFormula
  | ArithmeticFormula
  | MetricRefFormula
  | SqlFormula;

/**
 * A goal. `value` means at least or at most by the metric's direction; `changeAtLeast` is a goal on
 * the change against the previous window, in the metric's change unit (total users: +10% a week).
 */
export type TargetBound =
  | { value: number }
  | { atLeast: number }
  | { atMost: number }
  | { between: readonly [number, number] }
  | { changeAtLeast: number };

/** A bound that changes on dates (ISO `YYYY-MM-DD`, UTC): each step holds from its date on. */
export type TargetSchedule = { schedule: readonly ({ from: string } & TargetBound)[] };

export type TargetSpec<Segment extends string = string> =
  | TargetBound
  | TargetSchedule
  | ([Segment] extends [never] ? never : BySegmentTarget<Segment>);

/** Targets per segment value; only for a metric that has segments. */
export type BySegmentTarget<Segment extends string> = {
  /**
   * Targets per segment value, by segment: `{ backend: { EMBEDDED: { atMost: 500 } } }`.
   * `default` holds for the whole metric and for values not listed.
   */
  bySegment: { readonly [S in Segment]?: { readonly [K in SegmentKey<S>]?: TargetBound | TargetSchedule } };
  default?: TargetBound | TargetSchedule;
};

/** The closed words of an alert rule (also its GraphQL enums, src/schema/enums.ts, and the start-up check). */
export const ALERT_KINDS = ['threshold', 'change', 'targetMissed'] as const;
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export const CADENCES = ['hourly', 'daily', 'weekly', 'monthly'] as const;
/** What a period without data does: counts as passing (ok), as failing (alerting), or leaves the state as it is. */
export const NO_DATA_POLICIES = ['ok', 'alerting', 'keepState'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Cadence = (typeof CADENCES)[number];
export type NoDataPolicy = (typeof NO_DATA_POLICIES)[number];

/** One segment and one of its values; distributed over the segments, so that each names its own. */
type ScopeOf<Segment extends string> = Segment extends string ? { segment: Segment; value: SegmentKey<Segment> } : never;

interface AlertCommon<Segment extends string> {
  /** Unique within the metric; alert ids are `<metric id>.<name>`. */
  name: string;
  severity: Severity;
  /** How often it is evaluated, over complete periods only. Default: daily. */
  cadence?: Cadence;
  /** Consecutive failing evaluations before it fires. Default 1. */
  for?: number;
  /** Evaluations it keeps firing after the condition clears. Default 0. */
  keepFiringFor?: number;
  /** Below this sample size the rule does not judge. */
  minSampleSize?: number;
  noData?: NoDataPolicy;
  /** Judge one segment value only, e.g. `{ segment: 'validationSeverity', value: 'CRITICAL' }` (a value of the contract's enum). */
  scope?: ScopeOf<Segment>;
  /** Message with `{value}`, `{threshold}`, `{window}` placeholders. */
  message?: string;
}

export type AlertRule<Segment extends string = string> = AlertCommon<Segment> &
  (
    | { kind: 'threshold'; below: number; above?: never }
    | { kind: 'threshold'; above: number; below?: never }
    | { kind: 'change'; drop: number; rise?: never; measure: 'percent' | 'points' }
    | { kind: 'change'; rise: number; drop?: never; measure: 'percent' | 'points' }
    | { kind: 'targetMissed' }
  );

export interface MetricDefinition<Id extends string = string, Segment extends string = string, AlertName extends string = string> {
  /** snake_case; the file is `<area>/<id with - for _>.ts`. */
  id: Id;
  title: string;
  /** What it measures and any choice made where the catalogue is ambiguous; served by GraphQL. */
  description: string;
  unit: Unit;
  direction: Direction;
  formula: Formula;
  /** The dimensions it may be split by. */
  segments: readonly Segment[];
  target?: TargetSpec<NoInfer<Segment>>;
  /** A target missed by at most this fraction of it is AT_RISK rather than MISSED. Default 0.1. */
  atRiskTolerance?: number;
  alerts?: readonly (AlertRule<NoInfer<Segment>> & { name: AlertName })[];
}

/**
 * Declares a metric. An identity function: its `const` type parameters keep the id, segment names and
 * alert names as literal types, so a target or alert that names an unknown segment does not compile.
 */
export function defineMetric<const Id extends string, const Segment extends string = never, const AlertName extends string = never>(
  definition: MetricDefinition<Id, Segment, AlertName>,
): MetricDefinition<Id, Segment, AlertName> {
  return definition;
}
