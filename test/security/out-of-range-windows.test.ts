/**
 * Issue #11, item 11: a window whose duration runs past the calendar's range gave NO_DATA on SQLite
 * (comparisons with an invalid date) and a masked error on PostgreSQL. It is INVALID_WINDOW, wherever
 * a window is taken.
 */
import { describe, expect, it } from 'vitest';
import { yoga } from '../../src/yoga.js';

async function codesOf(query: string) {
  const response = await yoga.fetch('http://caro.localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, codes: (body.errors ?? []).map((e) => e.extensions?.code), messages: (body.errors ?? []).map((e) => e.message) };
}

describe('out-of-range windows are INVALID_WINDOW (#11)', () => {
  it.each(['P1000000Y', 'PT99999999999H', 'P99999999999999999999D', 'P300000Y1M'])('metric(window: {last: "%s"})', async (last) => {
    const answer = await codesOf(`{ metric(id: "wau", window: { last: "${last}" }) { value status } }`);
    expect(answer).toEqual({ status: 200, codes: ['INVALID_WINDOW'], messages: ['a window spans at most 732 days'] });
  });

  it('the typed field, a dashboard and the alert history too', async () => {
    for (const query of [
      '{ metrics { wau(window: { last: "P1000000Y" }) { value } } }',
      '{ dashboard(id: "growth", window: { last: "PT99999999999H" }) { window { from } } }',
      '{ alertHistory(ruleId: "wau.declining_wow", window: { last: "P1000000Y" }) { toState } }',
    ])
      expect((await codesOf(query)).codes, query).toEqual(['INVALID_WINDOW']);
  });

  it('the longest window still answers', async () => {
    expect((await codesOf('{ metric(id: "wau", window: { last: "P732D" }) { status } }')).codes).toEqual([]);
  });
});
