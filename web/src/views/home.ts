/** Home: the four dashboards, the alerts firing now and the ingestion status. */
import { html, nothing } from 'lit-html';
import { formatValue } from '../../../src/format/format.js';
import { loadHome, type HomeData } from '../api/home.js';
import { href } from '../router.js';
import { scroller } from '../ui/parts.js';
import { elapsed, instant, unitOf } from '../ui/text.js';
import type { View } from './view.js';

const RECORD_KINDS = [
  ['telemetryEvents', 'Telemetry events'],
  ['surveyResponses', 'Survey responses'],
  ['safetyAudits', 'Safety audits'],
  ['gaugeObservations', 'Gauge observations'],
  ['subscriptionEvents', 'Subscription events'],
] as const;

export async function homeView(): Promise<View> {
  const data = await loadHome();
  return {
    title: 'Home',
    body: html`
      <h1 tabindex="-1">Caro Metrics</h1>
      <section aria-labelledby="dashboards-heading">
        <h2 id="dashboards-heading">Dashboards</h2>
        <ul class="cards">
          ${data.dashboards.map(
            (d) => html`<li class="card" data-dashboard=${d.id}>
              <a href=${href('dashboard', d.id)}>${d.title}</a>
              <span class="muted">${d.review} review · ${d.panels.length} panels</span>
            </li>`,
          )}
        </ul>
      </section>
      ${firing(data)} ${ingestion(data)}
    `,
  };
}

function firing(data: HomeData) {
  const units = new Map(data.metricDefinitions.map((m) => [m.id, m]));
  return html`
    <section aria-labelledby="firing-heading">
      <h2 id="firing-heading">Alerts firing now</h2>
      ${data.alerts.length === 0
        ? html`<p data-firing="0">None.</p>`
        : html`<ul class="firing" data-firing=${data.alerts.length}>
            ${data.alerts.map((a) => {
              const metric = units.get(a.metric);
              return html`<li data-rule=${a.ruleId}>
                <span class="badge severity-${a.severity}">${a.severity}</span>
                <a href=${href('alerts')}><code>${a.ruleId}</code></a>
                ${metric ? html`: ${metric.title} at ${formatValue(unitOf(metric.unit), a.lastValue ?? null)}` : nothing}
                ${a.since ? html`<span class="muted">for ${elapsed(a.since)}</span>` : nothing}
              </li>`;
            })}
          </ul>`}
    </section>
  `;
}

function ingestion(data: HomeData) {
  const stats = data.ingestionStats;
  const latest = RECORD_KINDS.map(([key]) => stats[key].last).filter((t): t is string => !!t).sort().at(-1);
  return html`
    <section aria-labelledby="ingestion-heading">
      <h2 id="ingestion-heading">Ingestion</h2>
      <p>Last record received: <strong data-last-record=${latest ?? ''}>${instant(latest)}</strong>${latest ? html` <span class="muted">(${elapsed(latest)} ago)</span>` : nothing}</p>
      ${scroller(
        'Records stored',
        html`<table class="ingestion">
          <caption class="sr-only">Records stored, by kind</caption>
          <thead><tr><th scope="col">Records</th><th scope="col">Count</th><th scope="col">First</th><th scope="col">Last</th></tr></thead>
          <tbody>
            ${RECORD_KINDS.map(
              ([key, label]) => html`<tr data-kind=${key}>
                <th scope="row">${label}</th>
                <td data-count=${stats[key].count}>${formatValue('count', stats[key].count)}</td>
                <td>${instant(stats[key].first)}</td>
                <td>${instant(stats[key].last)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      )}
    </section>
  `;
}
