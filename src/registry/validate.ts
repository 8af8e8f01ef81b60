/**
 * Checks metric definitions at start-up and reports every problem at once, each with its file and
 * field: `metrics/quality/latency-p95.ts -> alerts[0].below: expected a number`.
 */
import { checkContractValues } from './check-values.js';
import type { Formula, MetricDefinition } from './define-metric.js';
import { metricShape } from './metric-shape.js';
import { columnOf, SOURCES, type SourceName } from './sources.js';

/**
 * A definition file as loaded: its path relative to the project (for messages) and its default
 * export, or why it could not be imported.
 */
export interface MetricFile {
  file: string;
  exported?: unknown;
  /** The import failed (a syntax error, a throw at load): this file's only problem. */
  loadError?: string;
}

const fileOfProblem = (problem: string) => problem.slice(0, problem.indexOf(' -> '));

/** Every problem of a set of definition files, one line each: `<file> -> <field>: <message>`. */
export class MetricDefinitionError extends Error {
  /** A file's problems together, in the order they were found. */
  readonly problems: string[];

  constructor(problems: readonly string[], what = 'metric definitions') {
    const sorted = [...problems].sort((a, b) => fileOfProblem(a).localeCompare(fileOfProblem(b)));
    super(`Invalid ${what} (${sorted.length}):\n${sorted.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'MetricDefinitionError';
    this.problems = sorted;
  }
}

/**
 * Ends a start that found invalid definitions: their problems once, on stderr, with no stack trace
 * (they are the plugins' mistakes, not the server's), and exit code 1. Anything else is rethrown.
 */
export function exitOnDefinitionError(error: unknown): never {
  if (!(error instanceof MetricDefinitionError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

export function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Names and duplicates: the file name is the id, and an id is defined once (both files named).
 * Reads only `id`, so that it runs on a definition whose shape is wrong too.
 */
export function checkIdentities(files: readonly MetricFile[], extension = '.ts'): string[] {
  const problems: string[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, exported } of files) {
    const id = isObject(exported) ? exported.id : undefined;
    if (typeof id !== 'string' || !/^[a-z][a-z0-9_]*$/.test(id)) continue;
    const expectedName = `${id.replaceAll('_', '-')}${extension}`;
    if (!file.endsWith(`/${expectedName}`)) problems.push(`${file} -> id: "${id}" belongs in a file named ${expectedName}`);
    const first = fileOf.get(id);
    if (first !== undefined) problems.push(`${file} -> id: "${id}" is defined twice: here and in ${first}`);
    else fileOf.set(id, file);
  }
  return problems;
}

/**
 * Checks every file (shape, values of the data contract, names, duplicates), then the references
 * between them; throws one error listing all problems, each once. A problem in one part of a file
 * hides no other: a file whose shape is wrong still has its id, name and values checked.
 */
export function validateMetricFiles(files: readonly MetricFile[]): MetricDefinition[] {
  const problems: string[] = [];
  const valid: { file: string; metric: MetricDefinition }[] = [];
  // What the references are checked on: the valid definitions, and the checkable part of the others.
  const checkable: { file: string; metric: MetricDefinition }[] = [];
  // Metrics by id; null for one whose shape is wrong (its problems are its own file's).
  const byId = new Map<string, MetricDefinition | null>();
  for (const { file, exported, loadError } of files) {
    const at = (problem: string) => `${file} -> ${problem}`;
    if (loadError !== undefined) {
      problems.push(at(`(file): cannot be loaded: ${loadError}`));
      continue;
    }
    if (exported === undefined) {
      problems.push(at('default export: expected defineMetric({...})'));
      continue;
    }
    const parsed = metricShape.safeParse(exported);
    if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => at(`${pathOf(issue.path) || '(root)'}: ${issue.message}`)));
    problems.push(...checkContractValues(exported).map(at));
    const id = isObject(exported) && typeof exported.id === 'string' ? exported.id : null;
    if (parsed.success) valid.push({ file, metric: exported as MetricDefinition });
    const part = parsed.success ? (exported as MetricDefinition) : checkablePart(exported);
    if (part) checkable.push({ file, metric: part });
    if (id !== null && !byId.has(id)) byId.set(id, parsed.success ? (exported as MetricDefinition) : null);
  }
  problems.push(...checkIdentities(files.filter((f) => f.loadError === undefined)));
  for (const { file, metric } of checkable) problems.push(...checkReferences(metric, byId).map((p) => `${file} -> ${p}`));
  if (problems.length > 0) throw new MetricDefinitionError(problems);
  return valid.map((v) => v.metric);
}

/**
 * The part of a definition of the wrong shape whose references can still be checked: its formula and
 * segments when they are right, with its target and alerts when those are right too. Null without it.
 */
function checkablePart(exported: unknown): MetricDefinition | null {
  if (!isObject(exported)) return null;
  const valid = (key: 'formula' | 'segments' | 'target' | 'alerts') => metricShape.shape[key].safeParse(exported[key]).success;
  if (!valid('formula') || !valid('segments')) return null;
  // An alert's targetMissed is judged against the target: both or neither.
  const targetAndAlerts = valid('target') && valid('alerts') ? { target: exported.target, alerts: exported.alerts } : { target: undefined, alerts: undefined };
  return { ...exported, ...targetAndAlerts } as MetricDefinition;
}

/** The dimensions of a metric whose own definition is broken: unknown, so they are not held against its users. */
const ANY_DIMENSION: Set<string> = new (class extends Set<string> {
  override has() {
    return true;
  }
})();

/** The dimensions a formula can be segmented by, or the problems in it. */
function dimensionsOf(formula: Formula, byId: ReadonlyMap<string, MetricDefinition | null>, at: string, problems: string[], seen: string[]): Set<string> {
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
      if (denominator !== ANY_DIMENSION) for (const whole of formula.wholeDenominatorFor ?? []) denominator.add(whole);
      return intersect(dimensionsOf(formula.numerator, byId, `${at}.numerator`, problems, seen), denominator);
    }
    case 'arithmetic':
      return intersect(
        dimensionsOf(formula.left, byId, `${at}.left`, problems, seen),
        dimensionsOf(formula.right, byId, `${at}.right`, problems, seen),
      );
    case 'metric': {
      const target = byId.get(formula.id);
      if (target === null) return ANY_DIMENSION;
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

const intersect = (a: Set<string>, b: Set<string>) =>
  a === ANY_DIMENSION ? b : b === ANY_DIMENSION ? a : new Set([...a].filter((x) => b.has(x)));

function checkReferences(metric: MetricDefinition, byId: ReadonlyMap<string, MetricDefinition | null>): string[] {
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
