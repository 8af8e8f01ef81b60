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
import type { Granularity } from '../query-engine/window.js';
import type { MetricPlugins } from '../registry/plugin-index.js';
import type { Registry } from '../registry/registry.js';

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

/** Every reference a dashboard makes, checked; returns the problems, one line each. */
export function checkDashboard(dashboard: DashboardDefinition, registry: Registry): string[] {
  const problems: string[] = [];
  const where = `dashboard ${dashboard.id}`;
  dashboard.panels.forEach((panel, i) => {
    const metric = registry.get(panel.metric);
    if (!metric) problems.push(`${where} -> panels[${i}].metric: no metric "${panel.metric}"`);
    else if (panel.segment && !metric.segments.includes(panel.segment))
      problems.push(`${where} -> panels[${i}].segment: ${metric.id} cannot be split by "${panel.segment}"`);
  });
  dashboard.alerts.forEach((ruleId, i) => {
    const [metricId, name] = ruleId.split('.');
    const metric = registry.get(metricId ?? '');
    if (!metric?.alerts?.some((alert) => alert.name === name))
      problems.push(`${where} -> alerts[${i}]: no alert rule "${ruleId}"`);
  });
  return problems;
}
