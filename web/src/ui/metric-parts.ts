/** A metric's figures as the dashboard and the explorer show them: headline, chart, series and split tables. */
import { html, nothing, type TemplateResult } from 'lit-html';
import { formatTarget, formatValue, formatWindow, type Unit } from '../../../src/format/format.js';
import { chart, describeSeries, drawnBounds } from './chart.js';
import { changeText, scroller, statusBadge } from './parts.js';

type Target = { kind: 'AT_LEAST' | 'AT_MOST' | 'BETWEEN' | 'CHANGE_AT_LEAST'; min?: number | null; max?: number | null };

export interface MetricFigures {
  title: string;
  unit: Unit;
  direction: string;
  status: string;
  change?: number | null;
  target?: Target | null;
  excludedCohortMembers: number;
  /** For a cohort metric: the window of the cohort shown (on dashboards, the latest one that is over). */
  cohortWindow?: { from: string; to: string } | null;
  formatted: { value: string; previousValue: string; change: string; target: string };
  series: readonly { start: string; end: string; value?: number | null; partial: boolean }[];
  previousSeries: readonly { start: string; value?: number | null }[];
}

export interface SegmentRow {
  key: string;
  value?: number | null;
  status: string;
  target?: Target | null;
}

/** Value, change judged by direction, target and status; cohort members left out where it applies. */
export function headline(figures: MetricFigures, options: { cohort: boolean }): TemplateResult {
  const { formatted } = figures;
  return html`
    <p class="value" data-value>${formatted.value}</p>
    <p class="compare">${changeText(formatted.change, figures.direction, figures.change)}
      <span class="muted">vs <span data-previous>${formatted.previousValue}</span> before</span></p>
    <p class="target">${figures.target
      ? html`Target <span data-target>${formatted.target}</span>`
      : html`<span data-target class="sr-only">${formatted.target}</span>`} ${statusBadge(figures.status)}</p>
    ${figures.cohortWindow
      ? html`<p class="cohort-window" data-cohort-window>Cohort first seen ${formatWindow({ from: new Date(figures.cohortWindow.from), to: new Date(figures.cohortWindow.to) })}</p>`
      : nothing}
    ${options.cohort
      ? html`<p class="cohort" data-excluded=${figures.excludedCohortMembers}>
          ${formatValue('count', figures.excludedCohortMembers)} cohort ${figures.excludedCohortMembers === 1 ? 'member' : 'members'} left out: their look-forward period has not ended.</p>`
      : nothing}
  `;
}

/** Chart bounds: a change goal is not drawn (it is no level of the value). */
const boundsOf = (target: Target | null | undefined) => (target && target.kind !== 'CHANGE_AT_LEAST' ? target : null);

export function seriesChart(figures: MetricFigures): TemplateResult {
  const spec = { unit: figures.unit, series: figures.series, previous: figures.previousSeries, target: boundsOf(figures.target) };
  const drawn = spec.target !== null && drawnBounds(spec).length > 0;
  return html`
    <figure class="chart">
      <div class="plot" role="img" aria-label=${describeSeries(figures.title, figures.unit, figures.series)} ${chart(spec)}></div>
      <figcaption class="legend">
        <span class="key current">This period</span>
        <span class="key previous">Previous period</span>
        ${drawn ? html`<span class="key target">Target</span>` : nothing}
        ${spec.target && !drawn ? html`<span>Target ${figures.formatted.target} is off this scale</span>` : nothing}
      </figcaption>
    </figure>
  `;
}

export function seriesTable(figures: MetricFigures): TemplateResult {
  return scroller(
    `${figures.title}: series`,
    html`<table class="series">
      <caption class="sr-only">${figures.title} by bucket</caption>
      <thead><tr><th scope="col">Bucket (UTC)</th><th scope="col">Value</th><th scope="col">Previous period</th></tr></thead>
      <tbody>
        ${figures.series.map(
          (point, i) => html`<tr data-start=${point.start}>
            <th scope="row">${point.start.slice(0, 10)}${point.partial ? html` <span class="muted">(partial)</span>` : nothing}</th>
            <td>${formatValue(figures.unit, point.value ?? null)}</td>
            <td>${formatValue(figures.unit, figures.previousSeries[i]?.value ?? null)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`,
  );
}

export function segmentsTable(title: string, by: string, unit: Unit, rows: readonly SegmentRow[]): TemplateResult {
  return scroller(
    `${title} by ${by}`,
    html`<table class="segments" data-by=${by}>
      <caption>By ${by}</caption>
      <thead><tr><th scope="col">${by}</th><th scope="col">Value</th><th scope="col">Target</th><th scope="col">Status</th></tr></thead>
      <tbody>
        ${rows.length === 0 ? html`<tr><td colspan="4">No data in this window.</td></tr>` : nothing}
        ${rows.map(
          (row) => html`<tr data-key=${row.key}>
            <th scope="row">${row.key}</th>
            <td data-value>${formatValue(unit, row.value ?? null)}</td>
            <td>${formatTarget(unit, row.target ?? null)}</td>
            <td>${statusBadge(row.status)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`,
  );
}
