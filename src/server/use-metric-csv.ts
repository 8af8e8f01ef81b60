/**
 * `GET /export/metrics/<metric id>.csv`: a metric's series as CSV, for spreadsheets and scripts. The
 * query string takes what `metric(id:)` takes, each parameter once:
 * - the window: `from` and `to` (ISO-8601 date-times), or `last` (an ISO-8601 duration ending at
 *   `to` or now); none: the last 7 days;
 * - `granularity`: DAY (default), WEEK, MONTH or QUARTER;
 * - `by`: one of the metric's segments, for one row per bucket and segment value;
 * - `filter.<dimension>`: the values kept, comma-separated (`filter.backend=EMBEDDED,MLX`).
 *
 * The header is `start,end,partial,value`, or `start,end,partial,<by>,value`; times are ISO-8601,
 * numbers as computed (a ratio is a 0–1 fraction), no data is an empty cell. The values come from the
 * same functions as the GraphQL fields (src/schema/metrics.ts), so they are the same numbers.
 * Errors are JSON with the API's codes: 400 for INVALID_WINDOW, INVALID_SEGMENT, INVALID_FILTER and
 * BAD_REQUEST (an unknown, repeated or malformed parameter), 404 METRIC_NOT_FOUND.
 * Authentication and scope (READ or ADMIN) are use-auth.ts's, before this runs.
 */
import { GraphQLError } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../builder.js';
import type { ErrorCode } from '../errors.js';
import type { Filter } from '../query-engine/leaf-sql.js';
import { bucketsOf, type Granularity, type TimeWindowInput } from '../query-engine/window.js';
import { registry } from '../registry/catalogue.js';
import type { MetricDefinition } from '../registry/define-metric.js';
import { handleFor, orQueryError, segmentsOf, seriesOf } from '../schema/metrics.js';
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from '../sql/unavailable.js';
import { errorResponse } from './http-error.js';

export const METRIC_CSV_PREFIX = '/export/metrics/';
const PATH = /^\/export\/metrics\/([a-z0-9_]+)\.csv$/;
const GRANULARITIES: readonly Granularity[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER'];
const PARAMETERS = ['from', 'to', 'last', 'granularity', 'by'];

/** A refusal of the request, answered as JSON with its code. */
class CsvRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

const STATUS: Partial<Record<ErrorCode, number>> = { METRIC_NOT_FOUND: 404, QUERY_TIMEOUT: 503 };

export function useMetricCsv(options: { onError(error: unknown): void }): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (!url.pathname.startsWith(METRIC_CSV_PREFIX)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      try {
        const metric = registry.get(PATH.exec(url.pathname)?.[1] ?? '');
        if (!metric) throw new CsvRequestError(404, 'METRIC_NOT_FOUND', 'no such metric: /export/metrics/<metric id>.csv, ids as metricDefinitions lists them');
        const csv = await metricCsv(metric, url.searchParams);
        endResponse(
          new fetchAPI.Response(request.method === 'HEAD' ? null : csv, {
            status: 200,
            headers: {
              'content-type': 'text/csv; charset=utf-8; header=present',
              'content-disposition': `attachment; filename="${metric.id}.csv"`,
              'cache-control': 'private, no-cache',
            },
          }),
        );
      } catch (error) {
        // Never thrown out of onRequest: the server adapter would answer 500 with the stack trace.
        endResponse(refusal(fetchAPI, error, options.onError));
      }
    },
  };
}

async function metricCsv(metric: MetricDefinition, search: URLSearchParams): Promise<string> {
  const { window, granularity, by, filter } = parametersOf(search);
  const context: Context = { loaders: new Map() };
  const handle = handleFor(context, metric, window, { filter });
  if (by === null) {
    const points = await seriesOf(handle, granularity);
    return csvOf(['start', 'end', 'partial', 'value'], points.map((p) => [p.start, p.end, p.partial, p.value]));
  }
  // One handle per bucket on the request's one evaluator: every bucket's split goes out in one statement per leaf.
  const buckets = orQueryError(() => bucketsOf(handle.window, granularity, handle.evaluator.now));
  const splits = await Promise.all(buckets.map((b) => segmentsOf(handleFor(context, metric, b.window, { filter }), by)));
  const rows = buckets.flatMap((b, i) => splits[i]!.map((s) => [b.start, b.end, b.partial, s.key, s.value]));
  return csvOf(['start', 'end', 'partial', by, 'value'], rows);
}

function parametersOf(search: URLSearchParams): { window: TimeWindowInput; granularity: Granularity; by: string | null; filter: Filter } {
  const names = [...search.keys()];
  const unknown = names.filter((name) => !PARAMETERS.includes(name) && !/^filter\.[A-Za-z]+$/.test(name));
  if (unknown.length > 0) throw new CsvRequestError(400, 'BAD_REQUEST', `unknown parameter(s); expected ${PARAMETERS.join(', ')} and filter.<dimension>`);
  if (new Set(names).size !== names.length) throw new CsvRequestError(400, 'BAD_REQUEST', 'a parameter is given more than once');
  const date = (name: string): Date | null => {
    const text = search.get(name);
    if (text === null) return null;
    try {
      return DateTimeResolver.parseValue(text) as Date;
    } catch (error) {
      throw new CsvRequestError(400, 'INVALID_WINDOW', `${name} is not an ISO-8601 date-time (2026-03-02T00:00:00Z)`, { cause: error });
    }
  };
  const granularity = (search.get('granularity') ?? 'DAY') as Granularity;
  if (!GRANULARITIES.includes(granularity)) throw new CsvRequestError(400, 'BAD_REQUEST', `granularity is one of ${GRANULARITIES.join(', ')}`);
  const filter = Object.fromEntries(
    names.filter((name) => name.startsWith('filter.')).map((name) => [name.slice('filter.'.length), search.get(name)!.split(',').filter((v) => v !== '')]),
  );
  return { window: { from: date('from'), to: date('to'), last: search.get('last') }, granularity, by: search.get('by'), filter };
}

/** The API's expected errors keep their code; the database being unavailable is a 503; anything else is logged and masked. */
function refusal(fetchAPI: { Response: typeof Response }, error: unknown, onError: (error: unknown) => void): Response {
  if (error instanceof CsvRequestError) return errorResponse(fetchAPI, error.status, error.code, error.message);
  const code = error instanceof GraphQLError ? (error.extensions.code as ErrorCode | undefined) : undefined;
  if (code) return errorResponse(fetchAPI, STATUS[code] ?? 400, code, error instanceof Error ? error.message : code);
  const retry = { 'retry-after': String(RETRY_AFTER_SECONDS) };
  if (isStorageUnavailable(error)) return errorResponse(fetchAPI, 503, 'UNAVAILABLE', 'The database is unavailable right now; retry later', retry);
  onError(error);
  return errorResponse(fetchAPI, 503, 'UNAVAILABLE', 'The export failed; retry later', retry);
}

/** RFC 4180: CRLF line ends; a cell with a comma, quote or line break is quoted, its quotes doubled. */
function csvOf(header: readonly string[], rows: readonly (readonly (Date | boolean | number | string | null)[])[]): string {
  const cell = (value: Date | boolean | number | string | null): string => {
    const text = value === null ? '' : value instanceof Date ? value.toISOString() : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
