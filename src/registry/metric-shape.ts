/**
 * The shape of a metric definition, as zod checks it: every field's type and bounds. References
 * between metrics, segments and values of the data contract are checked in validate.ts.
 */
import { z } from 'zod';
import { CADENCES, NO_DATA_POLICIES, SEVERITIES, type Formula } from './define-metric.js';
import { SOURCES, type SourceName } from './sources.js';
import { DIRECTIONS, UNITS } from './units.js';

const bound = z.union([
  z.strictObject({ value: z.number() }),
  z.strictObject({ atLeast: z.number() }),
  z.strictObject({ atMost: z.number() }),
  z.strictObject({ between: z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= hi, 'expected [low, high]') }),
  z.strictObject({ changeAtLeast: z.number() }),
]);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const schedule = z.strictObject({
  schedule: z
    .array(z.intersection(z.object({ from: isoDate }), bound))
    .min(1)
    .refine((steps) => steps.every((s, i) => i === 0 || steps[i - 1]!.from < s.from), 'expected steps in date order'),
});
const boundOrSchedule = z.union([bound, schedule]);
const target = z.union([
  bound,
  schedule,
  z.strictObject({
    bySegment: z.record(z.string(), z.record(z.string(), boundOrSchedule)),
    default: boundOrSchedule.optional(),
  }),
]);

const condition = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number()])).min(1),
  z.strictObject({
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    notNull: z.literal(true).optional(),
    not: z.union([z.string(), z.array(z.string())]).optional(),
  }),
]);
const where = z.record(z.string(), condition).optional();
const positive = z.number().positive();
const sqlFunction = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'expected a function returning sql`…`');

const formula: z.ZodType<Formula> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('measure'),
      source: z.enum(Object.keys(SOURCES) as [SourceName, ...SourceName[]]),
      aggregate: z.enum(['count', 'countSessions', 'sum', 'avg', 'min', 'max', 'percentile']),
      field: z.string().optional(),
      percentile: z.number().min(0).max(100).optional(),
      where,
    }),
    z.strictObject({
      kind: z.literal('rollingActive'),
      days: positive,
      latestSurvey: z.strictObject({ survey: z.enum(['NPS', 'CSAT']), scoreAtLeast: z.number() }).optional(),
    }),
    z.strictObject({ kind: z.literal('newSessions'), firstSeen: z.enum(['window', 'beforeEnd']).optional() }),
    z.strictObject({
      kind: z.literal('cohort'),
      condition: z.strictObject({ eventType: z.string(), where, atLeast: z.number().int().positive().optional() }),
      period: z.union([z.literal('nextUtcDay'), z.strictObject({ offsetDays: z.number().min(0), days: positive })]),
      result: z.union([z.literal('share'), z.strictObject({ percentileSeconds: z.number().min(0).max(100) })]),
    }),
    z.strictObject({
      kind: z.literal('engagedSessions'),
      condition: z.strictObject({ eventType: z.string(), where, atLeast: z.number().int().positive() }),
      answeredSurvey: z.boolean().optional(),
    }),
    z.strictObject({ kind: z.literal('sessionState'), field: z.string(), match: condition.optional() }),
    z.strictObject({ kind: z.literal('share'), base: formula, of: z.string(), headline: z.string().optional() }),
    z.strictObject({ kind: z.literal('gauge'), gauge: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'expected source.name') }),
    z.strictObject({
      kind: z.literal('subscriptions'),
      measure: z.enum(['mrr', 'accounts', 'payingAccounts', 'cancelledPaying']),
      at: z.enum(['end', 'start']).optional(),
    }),
    z.strictObject({
      kind: z.literal('ratio'),
      numerator: formula,
      denominator: formula,
      scale: z.number().optional(),
      perDays: positive.optional(),
      wholeDenominatorFor: z.array(z.string()).optional(),
    }),
    z.strictObject({ kind: z.literal('arithmetic'), op: z.enum(['add', 'subtract', 'multiply', 'divide']), left: formula, right: formula }),
    z.strictObject({ kind: z.literal('metric'), id: z.string() }),
    z.strictObject({
      kind: z.literal('sql'),
      dimensions: z.array(z.string()).optional(),
      query: z.strictObject({ sqlite: sqlFunction, postgresql: sqlFunction }),
    }),
  ]),
) as z.ZodType<Formula>;

const alertCommon = {
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case name'),
  severity: z.enum(SEVERITIES),
  cadence: z.enum(CADENCES).optional(),
  for: z.number().int().min(1).optional(),
  keepFiringFor: z.number().int().min(0).optional(),
  minSampleSize: z.number().int().min(0).optional(),
  noData: z.enum(NO_DATA_POLICIES).optional(),
  scope: z.strictObject({ segment: z.string(), value: z.string() }).optional(),
  message: z.string().optional(),
};
const exactlyOne = (a: string, b: string) => (rule: Record<string, unknown>) => (rule[a] === undefined) !== (rule[b] === undefined);
const alert = z.discriminatedUnion('kind', [
  z
    .strictObject({ ...alertCommon, kind: z.literal('threshold'), below: z.number().optional(), above: z.number().optional() })
    .refine(exactlyOne('below', 'above'), { message: 'give one of below and above', path: ['below'] }),
  z
    .strictObject({
      ...alertCommon,
      kind: z.literal('change'),
      drop: z.number().min(0).optional(),
      rise: z.number().min(0).optional(),
      measure: z.enum(['percent', 'points']),
    })
    .refine(exactlyOne('drop', 'rise'), { message: 'give one of drop and rise', path: ['drop'] }),
  z.strictObject({ ...alertCommon, kind: z.literal('targetMissed') }),
]);

/** A metric definition's shape. */
export const metricShape = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id'),
  title: z.string().min(1),
  description: z.string().min(1),
  unit: z.enum(UNITS),
  direction: z.enum(DIRECTIONS),
  formula,
  segments: z.array(z.string()),
  target: target.optional(),
  atRiskTolerance: z.number().min(0).max(1).optional(),
  alerts: z.array(alert).optional(),
});
