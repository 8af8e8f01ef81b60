/**
 * The specification, METRICS.md, as the tests read it: a copy vendored at docs/METRICS.md (CI runs on
 * a clone without ../shared), kept byte-identical to ../shared/METRICS.md where that exists
 * (test/docs/metrics-spec.unit.test.ts). Nothing here imports src/db.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
export const VENDORED_SPEC = join(root, 'docs/METRICS.md');
/** The shared original, beside the repository on the coordinator's machine; absent on a clean clone. */
export const SHARED_SPEC = join(root, '../shared/METRICS.md');

export const readSpec = (path = VENDORED_SPEC): string => readFileSync(path, 'utf8');
export const sharedSpecExists = (): boolean => existsSync(SHARED_SPEC);

/** The text of the section whose heading starts with `## <number>.`, up to the next `## ` heading. */
export function specSection(spec: string, number: number): string {
  const start = spec.search(new RegExp(`^## ${number}\\. `, 'm'));
  if (start < 0) throw new Error(`METRICS.md has no section ${number}`);
  const next = spec.slice(start + 1).search(/^## /m);
  return next < 0 ? spec.slice(start) : spec.slice(start, start + 1 + next);
}

/** One row of a §4 table: the ids of its first cell (several where a row defines a family), and its columns by header. */
export interface CatalogueRow {
  ids: string[];
  columns: Record<string, string>;
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/**
 * The rows of every table of §4 ("The catalogue"). A first cell may list several ids ("latency_p50,
 * latency_p95, latency_p99"); the gauges' row lists their ids as the catalogue states them (the gauge
 * name with `.` as `_`).
 */
export function catalogueRows(spec: string = readSpec()): CatalogueRow[] {
  const rows: CatalogueRow[] = [];
  let header: string[] | null = null;
  for (const line of specSection(spec, 4).split('\n')) {
    if (!line.startsWith('|')) {
      header = null;
      continue;
    }
    const row = cells(line);
    if (header === null) {
      header = row;
      if (header[0] !== 'id') throw new Error(`a table of METRICS.md §4 does not start with an id column: ${line}`);
    } else if (!row.every((c) => /^-+$/.test(c))) {
      const ids = row[0]!.split(',').map((id) => id.trim());
      rows.push({ ids, columns: Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])) });
    }
  }
  return rows;
}

/** Every id of §4, in the order of the catalogue. */
export const catalogueIds = (spec?: string): string[] => catalogueRows(spec).flatMap((row) => row.ids);

/**
 * The "segments" column of §4, for rows that list dimensions (none: empty or `—`). Each id of a row
 * that lists several gets the row's segments.
 */
export function catalogueSegments(spec?: string): Record<string, string[]> {
  const segments: Record<string, string[]> = {};
  for (const row of catalogueRows(spec)) {
    const listed = (row.columns.segments ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== '—');
    if (listed.length > 0) for (const id of row.ids) segments[id] = listed;
  }
  return segments;
}
