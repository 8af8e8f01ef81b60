/** The weekly report for an ISO week, with a week picker and its Markdown. */
import { html } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { lastCompleteWeek } from '../../../src/calendar/iso-week.js';
import { loadReport } from '../api/report.js';
import { withParams, type Route } from '../router.js';
import { statusBadge } from '../ui/parts.js';
import { download } from '../ui/text.js';
import type { View } from './view.js';

export async function reportView(route: Route): Promise<View> {
  const week = route.params.get('week') || lastCompleteWeek(new Date());
  const { weeklyReport: report } = await loadReport(week);
  const onWeek = (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    if (value) location.hash = withParams(route, { week: value });
  };
  return {
    title: `Weekly report ${report.week}`,
    body: html`
      <h1 tabindex="-1">Weekly report <span class="muted">· ${report.week}</span></h1>
      <form class="picker" aria-label="Week" @submit=${(e: Event) => e.preventDefault()}>
        <label>ISO week <input name="week" type="week" required .value=${live(report.week)} @change=${onWeek} /></label>
      </form>
      <p class="window-shown" data-from=${report.from} data-to=${report.to}>Monday ${report.from.slice(0, 10)} to Sunday ${new Date(Date.parse(report.to) - 1).toISOString().slice(0, 10)} (UTC).</p>
      <div class="report">
        ${report.sections.map(
          (section, i) => html`<section aria-labelledby="section-${i}">
            <h2 id="section-${i}">${section.title}</h2>
            <ul class="report-lines">
              ${section.lines.map(
                (line) => html`<li data-metric=${line.metric}>
                  <span data-line>${line.text}</span>
                  ${line.marker ? html`<span role="img" aria-label=${line.marker === '✅' ? 'target met' : 'needs attention'}>${line.marker}</span>` : ''}
                  ${statusBadge(line.status)}
                </li>`,
              )}
            </ul>
          </section>`,
        )}
        <section aria-labelledby="actions-heading">
          <h2 id="actions-heading">Action items</h2>
          ${report.actionItems.length === 0
            ? html`<p>None: no alert rule failed this week.</p>`
            : html`<ol class="actions">${report.actionItems.map((item) => html`<li data-rule=${item.ruleId}>${item.message} <span class="badge severity-${item.severity}">${item.severity}</span></li>`)}</ol>`}
        </section>
      </div>
      <details>
        <summary>Markdown</summary>
        <pre class="markdown" tabindex="0">${report.markdown}</pre>
      </details>
      <button type="button" @click=${() => download(`caro-weekly-${report.week}.md`, report.markdown, 'text/markdown')}>Download Markdown</button>
    `,
  };
}
