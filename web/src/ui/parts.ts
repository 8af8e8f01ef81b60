/** Template pieces the views share: status badges, changes, the window picker, tables. */
import { html, nothing, type TemplateResult } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { formatWindow } from '../../../src/format/format.js';
import { withParams, type Route } from '../router.js';
import { defaultChoice, windowParam, type WindowChoice, type WindowKind } from '../window.js';
import { judgeChange, STATUS_TEXT } from './text.js';

export const statusBadge = (status: string) =>
  html`<span class="badge status-${status.toLowerCase().replace('_', '-')}" data-status=${status}>${STATUS_TEXT[status] ?? status}</span>`;

/** "+1.4 pp ▲ better", judged by the metric's direction; words, not only colour. */
export function changeText(formatted: string, direction: string, change: number | null | undefined): TemplateResult {
  const judged = judgeChange(direction, change);
  const mark = judged === 'good' ? '▲ better' : judged === 'bad' ? '▼ worse' : '';
  return html`<span class="change ${judged ?? 'neutral'}" data-change>${formatted}</span>${mark ? html` <span class="judged ${judged}">${mark}</span>` : nothing}`;
}

const go = (target: string) => {
  location.hash = target;
};

const GRANULARITY_LABELS: [string, string][] = [
  ['', ''],
  ['DAY', 'Day'],
  ['WEEK', 'ISO week'],
  ['MONTH', 'Month'],
  ['QUARTER', 'Quarter'],
];

const KIND_LABELS: [string, string][] = [
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['week', 'ISO week'],
  ['month', 'Calendar month'],
  ['custom', 'Custom range'],
];

export interface PickerOptions {
  route: Route;
  choice: WindowChoice;
  /** The window the server answered for. */
  window: { from: string; to: string };
  /** Granularity chosen in the URL, or null for the default. */
  granularity: string | null;
  /** The label of "no window chosen" (a dashboard's review period), or null where there is none. */
  reviewLabel: string | null;
  /** What the default granularity is called ("each panel's own", "by day"). */
  defaultGranularity: string;
}

export function windowPicker(options: PickerOptions): TemplateResult {
  const { route, choice } = options;
  const kindValue = choice.kind === 'last' ? `${choice.days}d` : choice.kind;
  const setChoice = (next: WindowChoice) => go(withParams(route, { w: windowParam(next) }));
  const onKind = (event: Event) => {
    const value = (event.target as HTMLSelectElement).value;
    if (/^\d+d$/.test(value)) setChoice({ kind: 'last', days: Number.parseInt(value, 10) as 7 | 30 | 90 });
    else setChoice(defaultChoice(value as WindowKind, new Date()));
  };
  const onValue = (make: (value: string) => WindowChoice | null) => (event: Event) => {
    const next = make((event.target as HTMLInputElement).value);
    if (next) setChoice(next);
  };
  const window = formatWindow({ from: new Date(options.window.from), to: new Date(options.window.to) });
  const shown = window.endsWith('UTC') ? window : `${window} (UTC)`;
  return html`
    <form class="picker" aria-label="Window and granularity" @submit=${(e: Event) => e.preventDefault()}>
      <label>Window
        <select name="window" @change=${onKind}>
          ${options.reviewLabel ? html`<option value="review" ?selected=${kindValue === 'review'}>${options.reviewLabel}</option>` : nothing}
          ${KIND_LABELS.map(([value, label]) => html`<option value=${value} ?selected=${kindValue === value}>${label}</option>`)}
        </select>
      </label>
      ${choice.kind === 'week'
        ? html`<label>Week <input name="week" type="week" required .value=${live(choice.week)} @change=${onValue((week) => (week ? { kind: 'week', week } : null))} /></label>`
        : nothing}
      ${choice.kind === 'month'
        ? html`<label>Month <input name="month" type="month" required .value=${live(choice.month)} @change=${onValue((month) => (month ? { kind: 'month', month } : null))} /></label>`
        : nothing}
      ${choice.kind === 'custom'
        ? html`<label>From <input name="from" type="date" required .value=${live(choice.from)} max=${choice.to}
              @change=${onValue((from) => (from && from <= choice.to ? { ...choice, from } : null))} /></label>
            <label>To <input name="to" type="date" required .value=${live(choice.to)} min=${choice.from}
              @change=${onValue((to) => (to && to >= choice.from ? { ...choice, to } : null))} /></label>`
        : nothing}
      <label>Granularity
        <select name="granularity" @change=${(e: Event) => go(withParams(route, { g: (e.target as HTMLSelectElement).value || null }))}>
          ${GRANULARITY_LABELS.map(([value, label]) => html`<option value=${value} ?selected=${(options.granularity ?? '') === value}>${label || options.defaultGranularity}</option>`)}
        </select>
      </label>
    </form>
    <p class="window-shown" data-from=${options.window.from} data-to=${options.window.to}>
      ${shown}, compared with the period of equal length just before.
    </p>
  `;
}

/** A table that scrolls sideways on a phone, reachable by keyboard. */
export const scroller = (label: string, table: TemplateResult) =>
  html`<div class="scroller" tabindex="0" role="region" aria-label=${label}>${table}</div>`;
