/** A dashboard: its panels over the chosen window, with the alert rules it shows. */
import { html, nothing } from 'lit-html';
import { loadDashboard, type DashboardData, type PanelData } from '../api/dashboard.js';
import type { Granularity } from '../gql/graphql.js';
import { href, type Route } from '../router.js';
import { headline, segmentsTable, seriesChart, seriesTable, type MetricFigures } from '../ui/metric-parts.js';
import { windowPicker } from '../ui/parts.js';
import { elapsed, isCohort, unitOf } from '../ui/text.js';
import { parseWindow, windowInput } from '../window.js';
import type { View } from './view.js';

const GRANULARITIES = ['DAY', 'WEEK', 'MONTH', 'QUARTER'] as const;
const REVIEW_LABEL: Record<string, string> = { daily: 'Review period: last day', weekly: 'Review period: last 7 days', monthly: 'Review period: last month' };

export function granularityParam(route: Route): Granularity | null {
  const g = route.params.get('g');
  return (GRANULARITIES as readonly string[]).includes(g ?? '') ? (g as Granularity) : null;
}

export async function dashboardView(route: Route): Promise<View> {
  const choice = parseWindow(route.params.get('w'));
  const id = route.id ?? 'growth';
  const data = await loadDashboard({ id, window: windowInput(choice), granularity: granularityParam(route) });
  const { dashboard } = data;
  const cohortMetrics = new Set(data.metricDefinitions.filter((m) => isCohort(m.formula)).map((m) => m.id));
  return {
    title: `${dashboard.title} dashboard`,
    body: html`
      <h1 tabindex="-1">${dashboard.title} <span class="muted">· ${dashboard.review} review</span></h1>
      <nav class="tabs" aria-label="Dashboards">
        ${data.dashboards.map(
          (d) => html`<a href=${href('dashboard', d.id, { w: route.params.get('w'), g: route.params.get('g') })} aria-current=${d.id === id ? 'page' : nothing}>${d.title}</a>`,
        )}
      </nav>
      ${windowPicker({
        route,
        choice,
        window: dashboard.window,
        granularity: granularityParam(route),
        reviewLabel: REVIEW_LABEL[dashboard.review] ?? 'Review period',
        defaultGranularity: "Each panel's own",
      })}
      ${alertsShown(data)}
      <div class="grid">${dashboard.panels.map((panel, i) => panelView(panel, i, route, cohortMetrics.has(panel.metric)))}</div>
    `,
  };
}

function figuresOf(panel: PanelData): MetricFigures {
  const r = panel.result;
  return { ...r, unit: unitOf(r.unit), series: panel.series, previousSeries: panel.previousSeries };
}

function panelView(panel: PanelData, index: number, route: Route, cohort: boolean) {
  const figures = figuresOf(panel);
  const heading = `panel-${index}`;
  return html`
    <article class="panel" data-metric=${panel.metric} data-segment=${panel.segment ?? ''} aria-labelledby=${heading}>
      <h2 id=${heading}>
        <a href=${href('metrics', panel.metric, { w: route.params.get('w'), by: panel.segment })}>${figures.title}</a>
        ${panel.segment ? html`<span class="muted">by ${panel.segment}</span>` : nothing}
      </h2>
      ${headline(figures, { cohort })}
      ${seriesChart(figures)}
      ${panel.segments ? segmentsTable(figures.title, panel.segment!, figures.unit, panel.segments) : nothing}
      <details><summary>Series as a table <span class="sr-only">(${figures.title})</span></summary>${seriesTable(figures)}</details>
    </article>
  `;
}

function alertsShown(data: DashboardData) {
  return html`
    <section class="rules" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Alert rules on this dashboard</h2>
      <ul>
        ${data.dashboard.alerts.map(
          ({ ruleId, state, since }) => html`<li data-rule=${ruleId}>
            <span class="badge alert-${state.toLowerCase()}">${state}</span> <code>${ruleId}</code>
            ${since && (state === 'FIRING' || state === 'PENDING') ? html`<span class="muted">for ${elapsed(since)}</span>` : nothing}
          </li>`,
        )}
      </ul>
    </section>
  `;
}
