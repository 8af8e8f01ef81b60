/**
 * Dashboards as data: which metrics a review looks at, split how, bucketed how, and which alert rules
 * it shows. Checked against the metric registry at start-up.
 *
 * @example
 * export default defineDashboard({
 *   id: 'growth', title: 'Growth', review: 'weekly', granularity: 'DAY',
 *   panels: [{ metric: 'new_users', segment: 'acquisitionSource' }],
 *   alerts: ['wau.declining_wow'],
 * });
 */
import { z } from 'zod';
import type { Granularity } from '../query-engine/window.js';
import type { MetricPlugins } from '../registry/plugin-index.js';
import type { Registry } from '../registry/registry.js';
import { checkIdentities, MetricDefinitionError, pathOf, type MetricFile } from '../registry/validate.js';

export interface Panel {
  metric: string;
  /** Split the panel by this segment of the metric. */
  segment?: string;
  /** Series buckets; default: the dashboard's. */
  granularity?: Granularity;
}

export interface DashboardDefinition {
  id: string;
  title: string;
  /** How often the dashboard is reviewed; also the default window (last day, week or month). */
  review: 'daily' | 'weekly' | 'monthly';
  /** Default series buckets for its panels. */
  granularity: Granularity;
  panels: readonly Panel[];
  /** Alert rules shown, as `<metric id>.<alert name>`. */
  alerts: readonly string[];
}

/** The window a dashboard shows when none is asked for: its review period. */
export const REVIEW_WINDOW = { daily: 'P1D', weekly: 'P7D', monthly: 'P1M' } as const;

/** A metric plugin's id (src/registry/plugin-index.ts lists them). */
export type MetricId = keyof MetricPlugins;
type SegmentOf<Id extends MetricId> = MetricPlugins[Id]['segments'][number];
type AlertNameOf<Id extends MetricId> = NonNullable<MetricPlugins[Id]['alerts']>[number]['name'];

/** An alert rule declared in a plugin, `<metric id>.<alert name>`. */
export type AlertRuleId = { [Id in MetricId]: `${Id}.${AlertNameOf<Id>}` }[MetricId];

/** A panel of a metric that exists, split by one of its own segments. */
export type TypedPanel = { [Id in MetricId]: Panel & { metric: Id; segment?: SegmentOf<Id> } }[MetricId];

/**
 * Declares a dashboard. Its metric ids, segments and alert rules are typed from the plugins, so that a
 * panel of `exection_rate` or an alert `wau.declinig_wow` does not compile; the start-up check
 * (`checkDashboard`) says the same for plain JS or casts.
 */
export function defineDashboard<const D extends DashboardDefinition>(
  definition: D & { panels: readonly TypedPanel[]; alerts: readonly AlertRuleId[] },
): D {
  return definition;
}

const granularity = z.enum(['DAY', 'WEEK', 'MONTH', 'QUARTER'] satisfies Granularity[]);

/** A dashboard definition's shape, as zod checks it at start-up. */
export const dashboardShape = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id'),
  title: z.string().min(1),
  review: z.enum(['daily', 'weekly', 'monthly']),
  granularity,
  panels: z.array(z.strictObject({ metric: z.string(), segment: z.string().optional(), granularity: granularity.optional() })),
  alerts: z.array(z.string()),
});

/**
 * Every reference a dashboard makes, checked; returns the problems, one line each, as
 * `panels[0].metric: no metric "x"` (the caller puts the file before it).
 */
export function checkDashboard(dashboard: DashboardDefinition, registry: Registry): string[] {
  const problems: string[] = [];
  dashboard.panels.forEach((panel, i) => {
    const metric = registry.get(panel.metric);
    if (!metric) problems.push(`panels[${i}].metric: no metric "${panel.metric}"`);
    else if (panel.segment && !metric.segments.includes(panel.segment))
      problems.push(`panels[${i}].segment: ${metric.id} cannot be split by "${panel.segment}" (segments: ${metric.segments.join(', ') || 'none'})`);
  });
  dashboard.alerts.forEach((ruleId, i) => {
    const [metricId, name] = ruleId.split('.');
    const metric = registry.get(metricId ?? '');
    if (!metric?.alerts?.some((alert) => alert.name === name))
      problems.push(`alerts[${i}]: no alert rule "${ruleId}"`);
  });
  return problems;
}

/**
 * Checks dashboard files the way metric files are checked (shape, file name = id, duplicates, then
 * references to metrics, segments and alert rules); throws one error listing every problem as
 * `<file> -> <field>: <message>`.
 */
export function validateDashboardFiles(files: readonly MetricFile[], registry: Registry): DashboardDefinition[] {
  const problems: string[] = [];
  const valid: DashboardDefinition[] = [];
  for (const { file, exported } of files) {
    const parsed = dashboardShape.safeParse(exported);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${file} -> ${pathOf(issue.path) || '(root)'}: ${issue.message}`));
      continue;
    }
    problems.push(...checkDashboard(exported as DashboardDefinition, registry).map((p) => `${file} -> ${p}`));
    valid.push(exported as DashboardDefinition);
  }
  problems.push(...checkIdentities(files));
  if (problems.length > 0) throw new MetricDefinitionError(problems, 'dashboard definitions');
  return valid;
}
