/** The metric explorer: the catalogue, then one metric with its definition, series and split, as CSV too. */
import { html, nothing } from 'lit-html';
import { formatValue } from '../../../src/format/format.js';
import { loadCatalogue, loadMetric, type MetricData } from '../api/explorer.js';
import { href, withParams, type Route } from '../router.js';
import { headline, segmentsTable, seriesChart, seriesTable, type MetricFigures } from '../ui/metric-parts.js';
import { scroller, windowPicker } from '../ui/parts.js';
import { download, isCohort, toCsv, unitOf } from '../ui/text.js';
import { granularityFor, parseWindow, windowInput } from '../window.js';
import { granularityParam } from './dashboard.js';
import type { View } from './view.js';

export async function explorerView(route: Route): Promise<View> {
  return route.id ? metricView(route, route.id) : catalogueView();
}

async function catalogueView(): Promise<View> {
  const { metricDefinitions } = await loadCatalogue();
  return {
    title: 'Metrics',
    body: html`
      <h1 tabindex="-1">Metrics</h1>
      <p>Every metric the server computes (<code>metricDefinitions</code>). Choose one to explore it.</p>
      ${scroller(
        'Metrics',
        html`<table class="catalogue">
          <caption class="sr-only">Metrics</caption>
          <thead><tr><th scope="col">Metric</th><th scope="col">Unit</th><th scope="col">Better</th><th scope="col">Segments</th><th scope="col">Alert rules</th></tr></thead>
          <tbody>
            ${metricDefinitions.map(
              (m) => html`<tr data-metric=${m.id}>
                <th scope="row"><a href=${href('metrics', m.id, { by: m.segments[0] })}>${m.title}</a> <code class="muted">${m.id}</code></th>
                <td>${m.unit}</td>
                <td>${m.direction}</td>
                <td>${m.segments.join(', ') || '—'}</td>
                <td>${m.alerts.length}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      )}
    `,
  };
}

async function metricView(route: Route, id: string): Promise<View> {
  // The explorer has no review period: a window not chosen is the last 30 days.
  const choice = parseWindow(route.params.get('w'));
  const window = windowInput(choice, 30);
  const by = route.params.get('by') || null;
  const chosen = granularityParam(route);
  const fallback = granularityFor(choice);
  const data = await loadMetric({ id, window, granularity: chosen ?? fallback, by });
  const definition = data.metricDefinitions.find((m) => m.id === id)!;
  const metric = data.metric;
  const figures: MetricFigures = { ...metric, unit: unitOf(metric.unit) };
  const cohort = isCohort(definition.formula);
  return {
    title: metric.title,
    body: html`
      <h1 tabindex="-1">${metric.title} <code class="muted">${metric.id}</code></h1>
      <p class="description">${definition.description}</p>
      <dl class="facts">
        <div><dt>Unit</dt><dd>${metric.unit}</dd></div>
        <div><dt>Better when</dt><dd>${metric.direction}</dd></div>
        <div><dt>Target now</dt><dd>${metric.formatted.target}</dd></div>
        <div><dt>Target as declared</dt><dd><code>${JSON.stringify(definition.target ?? null)}</code></dd></div>
      </dl>
      ${alertRules(definition)}
      ${windowPicker({ route, choice: choice.kind === 'review' ? { kind: 'last', days: 30 } : choice, window: metric.window, granularity: chosen, reviewLabel: null, defaultGranularity: `Automatic (${fallback.toLowerCase()})` })}
      <section class="panel wide" data-metric=${metric.id} aria-labelledby="figures-heading">
        <h2 id="figures-heading">Over this window</h2>
        ${headline(figures, { cohort })}
        ${seriesChart(figures)}
        ${seriesTable(figures)}
        <button type="button" @click=${() => download(`${id}-series.csv`, seriesCsv(data))}>Download series as CSV</button>
      </section>
      ${splitSection(route, data, definition.segments, by)}
    `,
  };
}

function alertRules(definition: MetricData['metricDefinitions'][number]) {
  if (definition.alerts.length === 0) return html`<p>No alert rules.</p>`;
  return html`
    <h2>Alert rules</h2>
    <ul class="alert-rules">
      ${definition.alerts.map(
        (a) => html`<li><code>${definition.id}.${a.name}</code> <span class="badge severity-${a.severity}">${a.severity}</span> ${a.kind}: <code>${JSON.stringify(a.rule)}</code></li>`,
      )}
    </ul>
  `;
}

function splitSection(route: Route, data: MetricData, segments: readonly string[], by: string | null) {
  if (segments.length === 0) return html`<p>This metric cannot be split.</p>`;
  const metric = data.metric;
  const onChange = (event: Event) => {
    location.hash = withParams(route, { by: (event.target as HTMLSelectElement).value || null });
  };
  return html`
    <section aria-labelledby="split-heading">
      <h2 id="split-heading">Segments</h2>
      <label>Split by
        <select name="by" @change=${onChange}>
          <option value="">Choose a segment</option>
          ${segments.map((s) => html`<option value=${s} ?selected=${s === by}>${s}</option>`)}
        </select>
      </label>
      ${by && metric.segments
        ? html`${segmentsTable(metric.title, by, unitOf(metric.unit), metric.segments)}
            <button type="button" @click=${() => download(`${metric.id}-by-${by}.csv`, segmentsCsv(data, by))}>Download segments as CSV</button>`
        : nothing}
    </section>
  `;
}

function seriesCsv({ metric }: MetricData): string {
  const unit = unitOf(metric.unit);
  return toCsv([
    ['metric', 'bucket_start', 'bucket_end', 'partial', 'value', 'formatted', 'previous_period_value'],
    ...metric.series.map((p, i) => [metric.id, p.start, p.end, p.partial, p.value, formatValue(unit, p.value ?? null), metric.previousSeries[i]?.value]),
  ]);
}

function segmentsCsv({ metric }: MetricData, by: string): string {
  const unit = unitOf(metric.unit);
  return toCsv([
    ['metric', 'window_from', 'window_to', 'segment', 'key', 'value', 'formatted', 'sample_size', 'status'],
    ...(metric.segments ?? []).map((s) => [metric.id, metric.window.from, metric.window.to, by, s.key, s.value, formatValue(unit, s.value ?? null), s.sampleSize, s.status]),
  ]);
}
