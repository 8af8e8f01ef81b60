/**
 * `GET /export/metrics/<id>.csv` (#13): a metric's series as CSV with the API's window, granularity,
 * segment and filter parameters, values computed by hand from the fixture and equal to the GraphQL
 * series; bad parameters answered 400/404 with the API's codes; READ scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createToken, type Scope } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';
import { loadFixture } from '../support/metric-tester.js';
import { ev, session } from '../support/records.js';

const secrets = {} as Record<Scope, string>;

async function csv(path: string, scope: Scope = 'READ', init: RequestInit = {}) {
  const response = await yoga.fetch(`http://caro.localhost${path}`, { ...init, headers: { authorization: `Bearer ${secrets[scope]}` } });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

const lines = (...rows: string[]) => rows.map((row) => `${row}\r\n`).join('');
const WINDOW = 'from=2026-11-02T00:00:00Z&to=2026-11-05T00:00:00Z';
const [D2, D3, D4, D5] = ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05'].map((d) => `${d}T00:00:00.000Z`);

beforeAll(async () => {
  for (const scope of ['INGEST', 'READ', 'ADMIN'] as const) secrets[scope] = (await createToken(db.prisma, { name: `csv-${scope.toLowerCase()}`, scope })).secret;
  const [s1, s2, s3] = [session(), session(), session()];
  const at = (day: string, minute: number) => `${day}T10:${String(minute).padStart(2, '0')}:00Z`;
  await loadFixture({
    events: [
      // 2026-11-02: STATIC 4 generated, 3 executed.
      ...[0, 1, 2, 3].map((m) => ev(s1, at('2026-11-02', m), 'COMMAND_GENERATED')),
      ...[10, 11, 12].map((m) => ev(s1, at('2026-11-02', m), 'COMMAND_EXECUTED')),
      // 2026-11-03: nothing. 2026-11-04: EMBEDDED 2 generated, 1 executed; MLX 1 and 1.
      ev(s2, at('2026-11-04', 0), 'COMMAND_GENERATED', { backend: 'EMBEDDED', platform: 'macos-aarch64' }),
      ev(s2, at('2026-11-04', 1), 'COMMAND_GENERATED', { backend: 'EMBEDDED', platform: 'macos-aarch64' }),
      ev(s2, at('2026-11-04', 2), 'COMMAND_EXECUTED', { backend: 'EMBEDDED', platform: 'macos-aarch64' }),
      ev(s3, at('2026-11-04', 3), 'COMMAND_GENERATED', { backend: 'MLX' }),
      ev(s3, at('2026-11-04', 4), 'COMMAND_EXECUTED', { backend: 'MLX' }),
    ],
  });
});

describe('GET /export/metrics/<id>.csv (#13)', () => {
  it('one row per DAY bucket, with a header; no data is an empty cell', async () => {
    const answer = await csv(`/export/metrics/execution_rate.csv?${WINDOW}&granularity=DAY`);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(answer.text).toBe(
      lines(
        'start,end,partial,value',
        `${D2},${D3},false,0.75`, // 3/4
        `${D3},${D4},false,`, // no generation
        `${D4},${D5},false,0.6666666666666666`, // (1 + 1)/(2 + 1)
      ),
    );
  });

  it('the same numbers as the GraphQL series for the same parameters', async () => {
    const query = `{ metric(id: "execution_rate", window: { from: "2026-11-02T00:00:00Z", to: "2026-11-05T00:00:00Z" },
      filter: [{ dimension: "platform", values: ["linux-x86_64"] }]) { series(granularity: DAY) { start end partial value } } }`;
    const response = await yoga.fetch('http://caro.localhost/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${secrets.READ}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const { data } = (await response.json()) as { data: { metric: { series: { start: string; end: string; partial: boolean; value: number | null }[] } } };
    const rows = data.metric.series.map((p) => `${p.start},${p.end},${p.partial},${p.value ?? ''}`);
    // Linux only: 3/4 on the 2nd, MLX's 1/1 on the 4th.
    expect(rows).toEqual([`${D2},${D3},false,0.75`, `${D3},${D4},false,`, `${D4},${D5},false,1`]);
    const answer = await csv(`/export/metrics/execution_rate.csv?${WINDOW}&filter.platform=linux-x86_64`);
    expect(answer.text).toBe(lines('start,end,partial,value', ...rows));
  });

  it('by=<segment>: one row per bucket and segment value', async () => {
    const answer = await csv(`/export/metrics/execution_rate.csv?${WINDOW}&by=backend`);
    expect(answer.text).toBe(
      lines('start,end,partial,backend,value', `${D2},${D3},false,STATIC,0.75`, `${D4},${D5},false,EMBEDDED,0.5`, `${D4},${D5},false,MLX,1`),
    );
  });

  it('filter.<dimension>=a,b keeps those values; WEEK buckets cut by the window are partial', async () => {
    const filtered = await csv(`/export/metrics/execution_rate.csv?${WINDOW}&filter.backend=EMBEDDED,MLX`);
    expect(filtered.text).toBe(lines('start,end,partial,value', `${D2},${D3},false,`, `${D3},${D4},false,`, `${D4},${D5},false,0.6666666666666666`));
    const weekly = await csv(`/export/metrics/execution_rate.csv?${WINDOW}&granularity=WEEK`);
    // The ISO week of Monday 2026-11-02, cut at the 5th: (3 + 1 + 1)/(4 + 2 + 1) = 5/7.
    expect(weekly.text).toBe(lines('start,end,partial,value', `${D2},2026-11-09T00:00:00.000Z,true,0.7142857142857143`));
  });

  it('last=P3D ending at to; no window: the last 7 days ending now', async () => {
    const last = await csv('/export/metrics/execution_rate.csv?last=P3D&to=2026-11-05T00:00:00Z');
    expect(last.text).toBe(lines('start,end,partial,value', `${D2},${D3},false,0.75`, `${D3},${D4},false,`, `${D4},${D5},false,0.6666666666666666`));
    const recent = await csv('/export/metrics/execution_rate.csv');
    const rows = recent.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('start,end,partial,value');
    // Seven days from a moment that is not midnight: a partial day at each end and six whole ones.
    expect(rows.length - 1).toBe(8);
    expect(rows.slice(1).every((row) => row.endsWith(','))).toBe(true);
  });

  it.each<[string, string, number, string]>([
    ['an unknown metric', '/export/metrics/nope.csv', 404, 'METRIC_NOT_FOUND'],
    ['a path that names no metric file', '/export/metrics/execution_rate', 404, 'METRIC_NOT_FOUND'],
    ['a date that is no date', '/export/metrics/execution_rate.csv?from=yesterday&to=2026-11-05T00:00:00Z', 400, 'INVALID_WINDOW'],
    ['from after to', '/export/metrics/execution_rate.csv?from=2026-11-05T00:00:00Z&to=2026-11-02T00:00:00Z', 400, 'INVALID_WINDOW'],
    ['a duration over 2 years', '/export/metrics/execution_rate.csv?last=P3Y', 400, 'INVALID_WINDOW'],
    ['a segment the metric does not have', `/export/metrics/execution_rate.csv?${WINDOW}&by=tier`, 400, 'INVALID_SEGMENT'],
    ['a filter on a dimension it does not have', `/export/metrics/execution_rate.csv?${WINDOW}&filter.tier=PRO`, 400, 'INVALID_FILTER'],
    ['a filter value no record can hold', `/export/metrics/execution_rate.csv?${WINDOW}&filter.backend=GPU`, 400, 'INVALID_FILTER'],
    ['a filter with no value', `/export/metrics/execution_rate.csv?${WINDOW}&filter.backend=`, 400, 'INVALID_FILTER'],
    ['an unknown granularity', `/export/metrics/execution_rate.csv?${WINDOW}&granularity=HOUR`, 400, 'BAD_REQUEST'],
    ['an unknown parameter', `/export/metrics/execution_rate.csv?${WINDOW}&granularty=DAY`, 400, 'BAD_REQUEST'],
    ['a parameter twice', `/export/metrics/execution_rate.csv?${WINDOW}&by=backend&by=platform`, 400, 'BAD_REQUEST'],
  ])('%s: %i with its code', async (_, path, status, code) => {
    const answer = await csv(path);
    expect(answer.status).toBe(status);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toMatchObject({ errors: [{ extensions: { code } }] });
  });

  it('scopes as for the GraphQL read: READ and ADMIN may, INGEST may not; only GET', async () => {
    const path = `/export/metrics/execution_rate.csv?${WINDOW}`;
    expect((await csv(path, 'ADMIN')).status).toBe(200);
    const ingest = await csv(path, 'INGEST');
    expect(ingest.status).toBe(403);
    expect(JSON.parse(ingest.text)).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect((await yoga.fetch(`http://caro.localhost${path}`)).status).toBe(401);
    expect((await csv(path, 'READ', { method: 'POST' })).status).toBe(405);
  });
});
