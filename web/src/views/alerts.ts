/** Alerts: firing and pending rules, the history timeline, and silences (created and expired with ADMIN). */
import { html, nothing, render } from 'lit-html';
import { formatValue } from '../../../src/format/format.js';
import { createSilence, expireSilence, loadAlerts, type AlertsData } from '../api/alerts.js';
import { SignInNeeded } from '../api/client.js';
import type { AlertSeverity } from '../gql/graphql.js';
import { href } from '../router.js';
import { scroller } from '../ui/parts.js';
import { elapsed, instant, unitOf } from '../ui/text.js';
import type { View, ViewContext } from './view.js';

export async function alertsView(context: ViewContext): Promise<View> {
  const data = await loadAlerts();
  const metrics = new Map(data.metricDefinitions.map((m) => [m.id, m]));
  const valueOf = (metricId: string, value: number | null | undefined) => formatValue(unitOf(metrics.get(metricId)?.unit ?? 'count'), value ?? null);
  const active = data.alerts.filter((a) => a.state === 'FIRING' || a.state === 'PENDING').sort((a, b) => a.state.localeCompare(b.state) || a.ruleId.localeCompare(b.ruleId));
  return {
    title: 'Alerts',
    body: html`
      <h1 tabindex="-1">Alerts</h1>
      <section aria-labelledby="active-heading">
        <h2 id="active-heading">Firing and pending</h2>
        ${active.length === 0
          ? html`<p data-active="0">No rule is firing or pending.</p>`
          : scroller(
              'Firing and pending rules',
              html`<table class="active" data-active=${active.length}>
                <caption class="sr-only">Rules firing or pending</caption>
                <thead><tr><th scope="col">Rule</th><th scope="col">State</th><th scope="col">Severity</th><th scope="col">Since</th><th scope="col">Last value</th></tr></thead>
                <tbody>
                  ${active.map(
                    (a) => html`<tr data-rule=${a.ruleId} data-state=${a.state}>
                      <th scope="row"><a href=${href('metrics', a.metric)}><code>${a.ruleId}</code></a></th>
                      <td><span class="badge alert-${a.state.toLowerCase()}">${a.state}</span></td>
                      <td><span class="badge severity-${a.severity}">${a.severity}</span></td>
                      <td>${a.since ? html`${elapsed(a.since)} <span class="muted">(${instant(a.since)})</span>` : '—'}</td>
                      <td>${valueOf(a.metric, a.lastValue)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`,
            )}
      </section>
      ${timeline(data, valueOf)} ${silences(data, context)}
    `,
  };
}

function timeline(data: AlertsData, valueOf: (metricId: string, value: number | null | undefined) => string) {
  const rules = new Map(data.alertRules.map((r) => [r.id, r]));
  const transitions = [...data.alertHistory].reverse();
  return html`
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History <span class="muted">(last 30 days, newest first)</span></h2>
      ${transitions.length === 0
        ? html`<p>No rule changed state.</p>`
        : html`<ol class="timeline" data-transitions=${transitions.length}>
            ${transitions.map(
              (t) => html`<li>
                <time datetime=${t.at}>${instant(t.at)}</time>
                <code>${t.ruleId}</code>
                <span class="badge alert-${t.fromState.toLowerCase()}">${t.fromState}</span> → <span class="badge alert-${t.toState.toLowerCase()}">${t.toState}</span>
                <span>${valueOf(rules.get(t.ruleId)?.metric ?? '', t.value)}</span>
                <p class="muted">${t.message}</p>
              </li>`,
            )}
          </ol>`}
    </section>
  `;
}

function silenceState(s: AlertsData['silences'][number], now: number): string {
  if (s.expiredAt) return 'expired';
  if (Date.parse(s.endsAt) <= now) return 'ended';
  return Date.parse(s.startsAt) > now ? 'scheduled' : 'active';
}

function silences(data: AlertsData, context: ViewContext) {
  const now = Date.now();
  const act = (work: () => Promise<unknown>) => async () => {
    try {
      await work();
      context.refresh();
    } catch (error) {
      if (error instanceof SignInNeeded) context.signIn(error);
      else context.announce(error instanceof Error ? error.message : String(error));
    }
  };
  return html`
    <section aria-labelledby="silences-heading">
      <h2 id="silences-heading">Silences</h2>
      <p class="muted">A silence mutes the notifications of the rules it matches until it ends. Creating and expiring one needs an ADMIN token.</p>
      ${data.silences.length === 0
        ? html`<p>No silences.</p>`
        : scroller(
            'Silences',
            html`<table class="silences">
              <caption class="sr-only">Silences</caption>
              <thead><tr><th scope="col">Matches</th><th scope="col">From</th><th scope="col">Until</th><th scope="col">Comment</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
              <tbody>
                ${data.silences.map((s) => {
                  const state = silenceState(s, now);
                  const matches = [s.ruleId && `rule ${s.ruleId}`, s.metricId && `metric ${s.metricId}`, s.severity && `severity ${s.severity}`].filter(Boolean).join(', ');
                  return html`<tr data-silence=${s.id} data-state=${state}>
                    <th scope="row">${matches}</th>
                    <td>${instant(s.startsAt)}</td>
                    <td>${instant(s.endsAt)}</td>
                    <td>${s.comment}</td>
                    <td>${state}</td>
                    <td>${state === 'active' || state === 'scheduled'
                      ? html`<button type="button" @click=${act(() => expireSilence(s.id))}>Expire<span class="sr-only"> the silence of ${matches}</span></button>`
                      : nothing}</td>
                  </tr>`;
                })}
              </tbody>
            </table>`,
          )}
      ${silenceForm(data, context)}
    </section>
  `;
}

function silenceForm(data: AlertsData, context: ViewContext) {
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    const input = {
      ruleId: text('ruleId'),
      metricId: text('metricId'),
      severity: text('severity') as AlertSeverity | null,
      // datetime-local has no zone: the form says UTC.
      endsAt: `${text('endsAt') ?? ''}:00Z`,
      comment: text('comment') ?? '',
    };
    try {
      await createSilence(input);
      context.refresh();
    } catch (error) {
      if (error instanceof SignInNeeded) return context.signIn(error);
      // A refused silence (INVALID_SILENCE) is explained beside the form, not in place of the page.
      const box = document.getElementById('silence-error')!;
      render(html`${error instanceof Error ? error.message : String(error)}`, box);
      box.focus();
    }
  };
  const defaultEnd = new Date(Date.now() + 2 * 3_600_000).toISOString().slice(0, 16);
  const metricIds = [...new Set(data.alertRules.map((r) => r.metric))].sort();
  return html`
    <form class="silence-form" @submit=${submit} aria-labelledby="new-silence-heading">
      <h3 id="new-silence-heading">New silence</h3>
      <label>Rule
        <select name="ruleId"><option value="">Any rule</option>${data.alertRules.map((r) => html`<option value=${r.id}>${r.id}</option>`)}</select>
      </label>
      <label>Metric
        <select name="metricId"><option value="">Any metric</option>${metricIds.map((id) => html`<option value=${id}>${id}</option>`)}</select>
      </label>
      <label>Severity
        <select name="severity"><option value="">Any severity</option><option>info</option><option>warning</option><option>critical</option></select>
      </label>
      <label>Ends at (UTC) <input name="endsAt" type="datetime-local" required value=${defaultEnd} /></label>
      <label>Comment (words only) <input name="comment" type="text" required maxlength="200" placeholder="backend migration" /></label>
      <button type="submit">Create silence</button>
      <p id="silence-error" class="error" role="alert" tabindex="-1"></p>
    </form>
  `;
}
