/** Dashboards: their definitions, and every panel's MetricResult over one window. */
import { builder, type Context } from '../builder.js';
import { dashboards } from '../dashboards/catalogue.js';
import { REVIEW_WINDOW, type DashboardDefinition, type Panel } from '../dashboards/define-dashboard.js';
import { apiError } from '../errors.js';
import { AlertRef, alertsOf } from './alerts.js';
import type { TimeWindowInput } from '../query-engine/window.js';
import { registry } from '../registry/catalogue.js';
import {
  GranularityRef,
  CohortChoiceRef,
  filterOf,
  handleFor,
  MetricFilterInputRef,
  type HandleOptions,
  MetricPointRef,
  MetricResultRef,
  previousOf,
  SegmentValueRef,
  segmentsOf,
  seriesOf,
  TimeWindowInputRef,
  WindowRef,
  type MetricHandle,
} from './metrics.js';

interface PanelView {
  panel: Panel;
  granularity: NonNullable<Panel['granularity']>;
  handle: MetricHandle;
}

interface DashboardView {
  dashboard: DashboardDefinition;
  panels: PanelView[];
}

const PanelRef = builder.objectRef<Panel & { granularity?: Panel['granularity'] }>('DashboardPanelDefinition').implement({
  fields: (t) => ({
    metric: t.exposeString('metric'),
    segment: t.exposeString('segment', { nullable: true }),
    granularity: t.field({ type: GranularityRef, nullable: true, resolve: (p) => p.granularity ?? null }),
  }),
});

const DashboardRef = builder.objectRef<DashboardDefinition>('Dashboard').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    review: t.exposeString('review', { description: 'daily, weekly or monthly.' }),
    granularity: t.field({ type: GranularityRef, resolve: (d) => d.granularity }),
    panels: t.field({ type: [PanelRef], resolve: (d) => [...d.panels] }),
    alerts: t.exposeStringList('alerts', { description: 'Alert rules shown, as <metric id>.<alert name>.' }),
  }),
});

const DashboardPanelRef = builder.objectRef<PanelView>('DashboardPanel').implement({
  fields: (t) => ({
    metric: t.string({ resolve: (p) => p.panel.metric }),
    segment: t.string({ nullable: true, resolve: (p) => p.panel.segment ?? null }),
    granularity: t.field({ type: GranularityRef, resolve: (p) => p.granularity }),
    result: t.field({ type: MetricResultRef, resolve: (p) => p.handle }),
    segments: t.field({
      type: [SegmentValueRef],
      nullable: true,
      description: "The panel's split, when it has one.",
      resolve: (p) => (p.panel.segment ? segmentsOf(p.handle, p.panel.segment) : null),
    }),
    series: t.field({
      type: [MetricPointRef],
      args: { granularity: t.arg({ type: GranularityRef, required: false, description: "Default: the panel's." }) },
      resolve: (p, args) => seriesOf(p.handle, args.granularity ?? p.granularity),
    }),
    previousSeries: t.field({
      type: [MetricPointRef],
      description: 'The series over the previous window of equal length, to draw beside `series`.',
      args: { granularity: t.arg({ type: GranularityRef, required: false, description: "Default: the panel's." }) },
      resolve: (p, args) => seriesOf(previousOf(p.handle), args.granularity ?? p.granularity),
    }),
  }),
});

const DashboardViewRef = builder.objectRef<DashboardView>('DashboardView').implement({
  fields: (t) => ({
    id: t.id({ resolve: (v) => v.dashboard.id }),
    title: t.string({ resolve: (v) => v.dashboard.title }),
    review: t.string({ resolve: (v) => v.dashboard.review }),
    window: t.field({ type: WindowRef, resolve: (v) => v.panels[0]!.handle.window }),
    panels: t.field({ type: [DashboardPanelRef], resolve: (v) => v.panels }),
    alerts: t.field({
      type: [AlertRef],
      description: "The state now of each alert rule the dashboard shows (whatever the window: a rule's state is its latest evaluation).",
      resolve: (v) => alertsOf(v.dashboard.alerts),
    }),
  }),
});

function viewOf(context: Context, dashboard: DashboardDefinition, input: TimeWindowInput, options: HandleOptions): DashboardView {
  const window = input.from || input.last ? input : { ...input, last: REVIEW_WINDOW[dashboard.review] };
  return {
    dashboard,
    panels: dashboard.panels.map((panel) => ({
      panel,
      granularity: panel.granularity ?? dashboard.granularity,
      handle: handleFor(context, registry.get(panel.metric)!, window, options),
    })),
  };
}

builder.queryFields((t) => ({
  dashboards: t.field({ type: [DashboardRef], resolve: () => [...dashboards] }),
  dashboard: t.field({
    type: DashboardViewRef,
    description: "Every panel's result over one window (default: the dashboard's review period), computed in batched SQL.",
    args: {
      id: t.arg.id(),
      window: t.arg({ type: TimeWindowInputRef, required: false, description: "Default: the dashboard's review period (the last day, week or month) ending now." }),
      filter: t.arg({
        type: [MetricFilterInputRef],
        required: false,
        description: 'Applied to every panel; a panel whose metric cannot take it answers INVALID_FILTER.',
      }),
      cohort: t.arg({ type: CohortChoiceRef, required: false, description: 'Default LATEST_FINISHED: cohort panels show a cohort that is over.' }),
    },
    resolve: (_root, args, context) => {
      const dashboard = dashboards.find((d) => d.id === String(args.id));
      if (!dashboard) throw apiError('DASHBOARD_NOT_FOUND', `no dashboard "${args.id}" (${dashboards.map((d) => d.id).join(', ')})`);
      return viewOf(context, dashboard, args.window ?? {}, { filter: filterOf(args.filter), cohort: args.cohort ?? 'LATEST_FINISHED' });
    },
  }),
}));
