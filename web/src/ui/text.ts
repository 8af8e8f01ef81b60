/** Words the views share: units from the API, instants, elapsed time, statuses, CSV. */
import type { Unit } from '../../../src/format/format.js';
import { UNITS } from '../../../src/registry/units.js';

/** The API gives a metric's unit as a string; anything unknown is shown as a plain count. */
export const unitOf = (unit: string): Unit => (UNITS as readonly string[]).includes(unit) ? (unit as Unit) : 'count';

/** "2026-02-03 10:00 UTC"; "never" for none. */
export function instant(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : 'never';
}

/** "3 d 4 h", "2 h 5 min", "12 min", "under a minute". */
export function elapsed(since: string, now: Date = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${mins} min`;
  return mins > 0 ? `${mins} min` : 'under a minute';
}

/** Cohort metrics (activation, retention) leave out members whose look-forward period has not ended. */
export const isCohort = (formula: unknown): boolean => (formula as { kind?: unknown } | null)?.kind === 'cohort';

export const STATUS_TEXT: Record<string, string> = {
  MET: 'Met',
  AT_RISK: 'At risk',
  MISSED: 'Missed',
  NO_TARGET: 'No target',
  NO_DATA: 'No data',
};

/** Whether a change is good news, by the metric's direction; null when there is none to judge. */
export function judgeChange(direction: string, change: number | null | undefined): 'good' | 'bad' | null {
  if (change === null || change === undefined || Math.abs(change) < 1e-9) return null;
  return (change > 0) === (direction === 'higher') ? 'good' : 'bad';
}

/** RFC 4180 CSV: quoted where needed, CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  const cell = (value: string | number | boolean | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Offers `text` as a file download, from memory: nothing leaves the page. */
export function download(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
