/**
 * The window picker's state, as the URL's `w` parameter:
 * absent: the dashboard's review period (the server's default) · `7d`, `30d`, `90d`: the last N days ·
 * `2026-W06`: an ISO week · `2026-03`: a calendar month · `2026-03-01_2026-03-15`: days, both included.
 */
import { lastCompleteWeek, parseIsoWeek, parseMonth } from '../../src/calendar/iso-week.js';
import type { TimeWindowInput } from './gql/graphql.js';

export type WindowChoice =
  | { kind: 'review' }
  | { kind: 'last'; days: 7 | 30 | 90 }
  | { kind: 'week'; week: string }
  | { kind: 'month'; month: string }
  | { kind: 'custom'; from: string; to: string };

export type WindowKind = WindowChoice['kind'];
const DAYS = [7, 30, 90] as const;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseWindow(param: string | null): WindowChoice {
  if (!param) return { kind: 'review' };
  const days = DAYS.find((n) => param === `${n}d`);
  if (days) return { kind: 'last', days };
  if (/^\d{4}-W\d{2}$/.test(param)) return { kind: 'week', week: param };
  if (/^\d{4}-\d{2}$/.test(param)) return { kind: 'month', month: param };
  const [from = '', to = ''] = param.split('_');
  if (DATE.test(from) && DATE.test(to) && from <= to) return { kind: 'custom', from, to };
  return { kind: 'review' };
}

export function windowParam(choice: WindowChoice): string | null {
  switch (choice.kind) {
    case 'review':
      return null;
    case 'last':
      return `${choice.days}d`;
    case 'week':
      return choice.week;
    case 'month':
      return choice.month;
    case 'custom':
      return `${choice.from}_${choice.to}`;
  }
}

/** What the API is asked for. Relative windows end at the server's now. */
export function windowInput(choice: WindowChoice, fallbackDays: 7 | 30 | 90 | null = null): TimeWindowInput {
  const range = (window: { from: Date; to: Date }) => ({ from: window.from.toISOString(), to: window.to.toISOString() });
  switch (choice.kind) {
    case 'review':
      return fallbackDays ? { last: `P${fallbackDays}D` } : {};
    case 'last':
      return { last: `P${choice.days}D` };
    case 'week':
      return range(parseIsoWeek(choice.week));
    case 'month':
      return range(parseMonth(choice.month));
    case 'custom':
      return range({ from: new Date(`${choice.from}T00:00:00Z`), to: new Date(Date.parse(`${choice.to}T00:00:00Z`) + DAY_MS) });
  }
}

/** A choice of `kind` to start from when the picker switches to it. */
export function defaultChoice(kind: WindowKind, now: Date): WindowChoice {
  const today = now.toISOString().slice(0, 10);
  switch (kind) {
    case 'review':
      return { kind };
    case 'last':
      return { kind, days: 30 };
    case 'week':
      return { kind, week: lastCompleteWeek(now) };
    case 'month':
      return { kind, month: today.slice(0, 7) };
    case 'custom':
      return { kind, from: new Date(now.getTime() - 13 * DAY_MS).toISOString().slice(0, 10), to: today };
  }
}

/** The series buckets that suit a window when none is chosen. */
export function granularityFor(choice: WindowChoice): 'DAY' | 'WEEK' {
  if (choice.kind === 'last') return choice.days > 30 ? 'WEEK' : 'DAY';
  if (choice.kind === 'custom') return Date.parse(choice.to) - Date.parse(choice.from) > 45 * DAY_MS ? 'WEEK' : 'DAY';
  return 'DAY';
}
