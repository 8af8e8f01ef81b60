/**
 * Checks metric definitions at start-up and reports every problem at once, each with its file and
 * field: `metrics/quality/latency-p95.ts -> alerts[0].below: expected a number`.
 */
import { z } from 'zod';
import { checkContractValues } from './check-values.js';
import type { Formula, MetricDefinition } from './define-metric.js';
import { columnOf, SOURCES, type SourceName } from './sources.js';

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
  severity: z.enum(['info', 'warning', 'critical']),
  cadence: z.enum(['hourly', 'daily', 'weekly', 'monthly']).optional(),
  for: z.number().int().min(1).optional(),
  keepFiringFor: z.number().int().min(0).optional(),
  minSampleSize: z.number().int().min(0).optional(),
  noData: z.enum(['ok', 'alerting', 'keepState']).optional(),
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

const definition = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id'),
  title: z.string().min(1),
  description: z.string().min(1),
  unit: z.enum(['count', 'ratio', 'milliseconds', 'seconds', 'score', 'currency']),
  direction: z.enum(['higher', 'lower']),
  formula,
  segments: z.array(z.string()),
  target: target.optional(),
  atRiskTolerance: z.number().min(0).max(1).optional(),
  alerts: z.array(alert).optional(),
});

/** A metric file as loaded: its path relative to the project (for messages) and its default export. */
export interface MetricFile {
  file: string;
  exported: unknown;
}

export class MetricDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid metric definitions (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Checks every file, then the references between them; throws one error listing all problems. */
export function validateMetricFiles(files: readonly MetricFile[]): MetricDefinition[] {
  const problems: string[] = [];
  const valid: { file: string; metric: MetricDefinition }[] = [];
  for (const { file, exported } of files) {
    problems.push(...checkContractValues(exported).map((p) => `${file} -> ${p}`));
    const parsed = definition.safeParse(exported);
    if (!parsed.success) {
      if (exported === undefined) problems.push(`${file} -> default export: expected defineMetric({...})`);
      else problems.push(...parsed.error.issues.map((issue) => `${file} -> ${pathOf(issue.path) || '(root)'}: ${issue.message}`));
      continue;
    }
    const metric = exported as MetricDefinition;
    const expectedName = `${metric.id.replaceAll('_', '-')}.ts`;
    if (!file.endsWith(`/${expectedName}`)) problems.push(`${file} -> id: "${metric.id}" belongs in a file named ${expectedName}`);
    valid.push({ file, metric });
  }
  const byId = new Map<string, MetricDefinition>();
  for (const { file, metric } of valid) {
    if (byId.has(metric.id)) problems.push(`${file} -> id: "${metric.id}" is defined twice`);
    byId.set(metric.id, metric);
  }
  for (const { file, metric } of valid) problems.push(...checkReferences(metric, byId).map((p) => `${file} -> ${p}`));
  if (problems.length > 0) throw new MetricDefinitionError(problems);
  return valid.map((v) => v.metric);
}

/** The dimensions a formula can be segmented by, or the problems in it. */
function dimensionsOf(formula: Formula, byId: ReadonlyMap<string, MetricDefinition>, at: string, problems: string[], seen: string[]): Set<string> {
  const eventFields = () => new Set(Object.keys(SOURCES.events.fields));
  const checkWhere = (source: SourceName, where: object | undefined, path: string) => {
    for (const field of Object.keys(where ?? {}))
      if (!columnOf(source, field)) problems.push(`${path}.where.${field}: ${source} have no field "${field}"`);
  };
  switch (formula.kind) {
    case 'measure': {
      checkWhere(formula.source, formula.where, at);
      const needsField = !['count', 'countSessions'].includes(formula.aggregate);
      if (needsField && !formula.field) problems.push(`${at}.field: ${formula.aggregate} needs a field`);
      if (formula.field && !columnOf(formula.source, formula.field))
        problems.push(`${at}.field: ${formula.source} have no field "${formula.field}"`);
      if (formula.aggregate === 'percentile' && formula.percentile === undefined) problems.push(`${at}.percentile: expected 0 to 100`);
      if (formula.aggregate === 'countSessions' && !['events', 'surveys'].includes(formula.source))
        problems.push(`${at}.aggregate: ${formula.source} carry no session`);
      return new Set(Object.keys(SOURCES[formula.source].fields));
    }
    case 'rollingActive':
    case 'newSessions':
      return eventFields();
    case 'cohort':
      checkWhere('events', formula.condition.where, `${at}.condition`);
      return eventFields();
    case 'engagedSessions':
      checkWhere('events', formula.condition.where, `${at}.condition`);
      return new Set();
    case 'sessionState':
      if (!columnOf('events', formula.field)) problems.push(`${at}.field: events have no field "${formula.field}"`);
      return new Set([formula.field]);
    case 'share': {
      const base = dimensionsOf(formula.base, byId, `${at}.base`, problems, seen);
      if (!base.has(formula.of)) problems.push(`${at}.of: the base formula cannot be split by "${formula.of}"`);
      return new Set([formula.of]);
    }
    case 'gauge':
      return new Set();
    case 'subscriptions':
      return new Set(['tier']);
    case 'sql':
      return new Set(formula.dimensions ?? []);
    case 'ratio': {
      const denominator = dimensionsOf(formula.denominator, byId, `${at}.denominator`, problems, seen);
      for (const whole of formula.wholeDenominatorFor ?? []) denominator.add(whole);
      return intersect(dimensionsOf(formula.numerator, byId, `${at}.numerator`, problems, seen), denominator);
    }
    case 'arithmetic':
      return intersect(
        dimensionsOf(formula.left, byId, `${at}.left`, problems, seen),
        dimensionsOf(formula.right, byId, `${at}.right`, problems, seen),
      );
    case 'metric': {
      const target = byId.get(formula.id);
      if (!target) {
        problems.push(`${at}.id: no metric "${formula.id}"`);
        return new Set();
      }
      if (seen.includes(formula.id)) {
        problems.push(`${at}.id: cycle ${[...seen, formula.id].join(' -> ')}`);
        return new Set();
      }
      // The referenced metric's own problems are reported for its own file; a cycle through it is this one's.
      const inner: string[] = [];
      const dimensions = dimensionsOf(target.formula, byId, at, inner, [...seen, formula.id]);
      const cycle = inner.find((p) => p.includes(': cycle '));
      if (cycle) problems.push(`${at}.id: ${cycle.slice(cycle.indexOf('cycle '))}`);
      return dimensions;
    }
  }
}

const intersect = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));

function checkReferences(metric: MetricDefinition, byId: ReadonlyMap<string, MetricDefinition>): string[] {
  const problems: string[] = [];
  const dimensions = dimensionsOf(metric.formula, byId, 'formula', problems, [metric.id]);
  metric.segments.forEach((segment, i) => {
    if (!dimensions.has(segment)) problems.push(`segments[${i}]: the formula cannot be split by "${segment}"`);
  });
  if (metric.formula.kind === 'share' && metric.segments.length > 0 && !metric.segments.includes(metric.formula.of))
    problems.push(`segments: a share of "${metric.formula.of}" is split by "${metric.formula.of}" only`);
  if (metric.target && 'bySegment' in metric.target)
    for (const segment of Object.keys(metric.target.bySegment))
      if (!metric.segments.includes(segment)) problems.push(`target.bySegment.${segment}: "${segment}" is not one of segments`);
  const names = new Set<string>();
  metric.alerts?.forEach((alert, i) => {
    if (names.has(alert.name)) problems.push(`alerts[${i}].name: "${alert.name}" is used twice`);
    names.add(alert.name);
    if (alert.scope && !metric.segments.includes(alert.scope.segment))
      problems.push(`alerts[${i}].scope.segment: "${alert.scope.segment}" is not one of segments`);
    if (alert.kind === 'targetMissed' && !metric.target) problems.push(`alerts[${i}]: targetMissed needs a target`);
  });
  return problems;
}
