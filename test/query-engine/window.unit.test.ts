/**
 * Query windows (#3, METRICS.md §3): `[from, to)` in UTC, the previous window of equal length, and
 * series buckets aligned to UTC calendar boundaries (ISO weeks from Monday), partial ones marked.
 */
import { describe, expect, it } from 'vitest';
import {
  bucketsOf,
  bucketStart,
  MAX_WINDOW_DAYS,
  previousWindow,
  resolveWindow,
  WindowError,
  type Granularity,
  type TimeWindowInput,
} from '../../src/query-engine/window.js';

const d = (iso: string) => new Date(iso.includes('T') ? iso : `${iso}T00:00:00Z`);
const iso = (window: { from: Date; to: Date }) => [window.from.toISOString(), window.to.toISOString()];
const NOW = d('2026-03-10T12:00:00Z');

describe('resolveWindow', () => {
  it.each<[string, TimeWindowInput, [string, string]]>([
    ['nothing: the last 7 days ending now', {}, ['2026-03-03T12:00:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['last P7D ending now', { last: 'P7D' }, ['2026-03-03T12:00:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['last P1W is 7 days', { last: 'P1W' }, ['2026-03-03T12:00:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['last PT12H', { last: 'PT12H' }, ['2026-03-10T00:00:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['last P1DT2H30M: 26 h 30 min', { last: 'P1DT2H30M' }, ['2026-03-09T09:30:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['last P1M ending at `to`: a calendar month', { last: 'P1M', to: d('2026-03-15') }, ['2026-02-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z']],
    // One month before 31 March is the last day of February, not 3 March (Feb "31st" rolled over).
    ['last P1M ending 31 March: from 28 February', { last: 'P1M', to: d('2026-03-31') }, ['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']],
    ['last P1Y', { last: 'P1Y', to: d('2026-03-15') }, ['2025-03-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z']],
    ['only `to`: the 7 days before it', { to: d('2026-03-01') }, ['2026-02-22T00:00:00.000Z', '2026-03-01T00:00:00.000Z']],
    ['only `from`: up to now', { from: d('2026-03-09') }, ['2026-03-09T00:00:00.000Z', '2026-03-10T12:00:00.000Z']],
    ['from and to as given', { from: d('2026-01-01'), to: d('2026-02-01') }, ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']],
    // 2024-01-01 → 2026-01-02 is 366 + 365 + 1 = 732 days: the longest window allowed.
    ['exactly 732 days', { from: d('2024-01-01'), to: d('2026-01-02') }, ['2024-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z']],
  ])('%s', (_, input, expected) => {
    expect(iso(resolveWindow(input, NOW))).toEqual(expected);
  });

  it.each<[string, TimeWindowInput, RegExp]>([
    ['from equal to to', { from: d('2026-03-01'), to: d('2026-03-01') }, /empty/],
    ['from after to', { from: d('2026-03-02'), to: d('2026-03-01') }, /empty/],
    ['`from` after now, without `to`', { from: d('2026-04-01') }, /empty/],
    ['733 days', { from: d('2024-01-01'), to: d('2026-01-03') }, /at most 732 days/],
    ['last P3Y', { last: 'P3Y' }, /at most 732 days/],
    ['a zero duration', { last: 'P0D' }, /empty/],
    ['both from and last', { from: d('2026-03-01'), last: 'P7D' }, /not both/],
    ...['7 days', 'P', 'PT', 'P1DT', 'P1.5D', '-P1D', 'p7d', 'P7', ''].map(
      (last): [string, TimeWindowInput, RegExp] => [`bad duration "${last}"`, { last }, /not an ISO-8601 duration/],
    ),
  ])('refuses %s', (_, input, message) => {
    expect(() => resolveWindow(input, NOW)).toThrow(WindowError);
    expect(() => resolveWindow(input, NOW)).toThrow(message);
  });

  it('the limit is 2 years of days', () => expect(MAX_WINDOW_DAYS).toBe(732));
});

describe('previousWindow: the window of equal length just before', () => {
  it.each<[string, [string, string], [string, string]]>([
    ['a week (WoW)', ['2026-03-02', '2026-03-09'], ['2026-02-23', '2026-03-02']],
    ['a day', ['2026-03-02', '2026-03-03'], ['2026-03-01', '2026-03-02']],
    // Equal length, not the calendar month: March has 31 days, so 29 Jan → 1 Mar.
    ['March (31 days)', ['2026-03-01', '2026-04-01'], ['2026-01-29', '2026-03-01']],
    ['12 hours', ['2026-03-02T12:00:00Z', '2026-03-03T00:00:00Z'], ['2026-03-02', '2026-03-02T12:00:00Z']],
  ])('%s', (_, [from, to], [prevFrom, prevTo]) => {
    expect(previousWindow({ from: d(from), to: d(to) })).toEqual({ from: d(prevFrom), to: d(prevTo) });
  });
});

describe('bucketStart', () => {
  it.each<[string, Granularity, string]>([
    ['2026-03-04T15:30:00Z', 'DAY', '2026-03-04'],
    // 2026-03-02 is a Monday: Wednesday and the following Sunday both fall in its ISO week.
    ['2026-03-04T15:30:00Z', 'WEEK', '2026-03-02'],
    ['2026-03-08T23:59:59Z', 'WEEK', '2026-03-02'],
    ['2026-03-09T00:00:00Z', 'WEEK', '2026-03-09'],
    // Thursday 1 January 2026 belongs to the week of Monday 29 December 2025.
    ['2026-01-01T00:00:00Z', 'WEEK', '2025-12-29'],
    ['2026-03-31T23:59:59Z', 'MONTH', '2026-03-01'],
    ['2026-03-31T23:59:59Z', 'QUARTER', '2026-01-01'],
    ['2026-12-15T00:00:00Z', 'QUARTER', '2026-10-01'],
  ])('%s by %s starts %s', (instant, granularity, start) => {
    expect(bucketStart(d(instant), granularity)).toEqual(d(start));
  });
});

/** [start, end, window from, window to, partial] per bucket, dates as ISO strings. */
type Row = [string, string, string, string, boolean];
const rows = (from: string, to: string, granularity: Granularity, now = d('2030-01-01')): Row[] =>
  bucketsOf({ from: d(from), to: d(to) }, granularity, now).map((b) => [
    b.start.toISOString().slice(0, 16),
    b.end.toISOString().slice(0, 16),
    b.window.from.toISOString().slice(0, 16),
    b.window.to.toISOString().slice(0, 16),
    b.partial,
  ]);

describe('bucketsOf', () => {
  it('DAY: the first and last days cut by the window are partial', () => {
    expect(rows('2026-03-02T12:00:00Z', '2026-03-04T06:00:00Z', 'DAY')).toEqual([
      ['2026-03-02T00:00', '2026-03-03T00:00', '2026-03-02T12:00', '2026-03-03T00:00', true],
      ['2026-03-03T00:00', '2026-03-04T00:00', '2026-03-03T00:00', '2026-03-04T00:00', false],
      ['2026-03-04T00:00', '2026-03-05T00:00', '2026-03-04T00:00', '2026-03-04T06:00', true],
    ]);
  });

  it('WEEK: ISO weeks from Monday; Wednesday to Friday cuts the first and last', () => {
    expect(rows('2026-03-04', '2026-03-20', 'WEEK')).toEqual([
      ['2026-03-02T00:00', '2026-03-09T00:00', '2026-03-04T00:00', '2026-03-09T00:00', true],
      ['2026-03-09T00:00', '2026-03-16T00:00', '2026-03-09T00:00', '2026-03-16T00:00', false],
      ['2026-03-16T00:00', '2026-03-23T00:00', '2026-03-16T00:00', '2026-03-20T00:00', true],
    ]);
  });

  it('WEEK across the new year', () => {
    expect(rows('2026-01-01', '2026-01-12', 'WEEK')).toEqual([
      ['2025-12-29T00:00', '2026-01-05T00:00', '2026-01-01T00:00', '2026-01-05T00:00', true],
      ['2026-01-05T00:00', '2026-01-12T00:00', '2026-01-05T00:00', '2026-01-12T00:00', false],
    ]);
  });

  it('MONTH: calendar months of 31, 28 and 31 days; a mid-month start is partial', () => {
    expect(rows('2026-01-15', '2026-04-01', 'MONTH')).toEqual([
      ['2026-01-01T00:00', '2026-02-01T00:00', '2026-01-15T00:00', '2026-02-01T00:00', true],
      ['2026-02-01T00:00', '2026-03-01T00:00', '2026-02-01T00:00', '2026-03-01T00:00', false],
      ['2026-03-01T00:00', '2026-04-01T00:00', '2026-03-01T00:00', '2026-04-01T00:00', false],
    ]);
  });

  it('QUARTER: Q1 cut by a February start, Q2 and Q3 whole, Q4 cut by a mid-October end', () => {
    expect(rows('2026-02-01', '2026-10-15', 'QUARTER')).toEqual([
      ['2026-01-01T00:00', '2026-04-01T00:00', '2026-02-01T00:00', '2026-04-01T00:00', true],
      ['2026-04-01T00:00', '2026-07-01T00:00', '2026-04-01T00:00', '2026-07-01T00:00', false],
      ['2026-07-01T00:00', '2026-10-01T00:00', '2026-07-01T00:00', '2026-10-01T00:00', false],
      ['2026-10-01T00:00', '2027-01-01T00:00', '2026-10-01T00:00', '2026-10-15T00:00', true],
    ]);
  });

  it('a bucket not over at `now` is partial; one ending exactly at `now` is not', () => {
    const partial = (now: string) => rows('2026-03-02', '2026-03-05', 'DAY', d(now)).map((r) => r[4]);
    expect(partial('2026-03-04T12:00:00Z')).toEqual([false, false, true]);
    expect(partial('2026-03-05T00:00:00Z')).toEqual([false, false, false]);
    expect(partial('2026-03-03T00:00:00Z')).toEqual([false, true, true]);
  });

  it('a window of the longest length allowed has a DAY series, also when not aligned to midnight', () => {
    // 732 days from noon to noon span 733 calendar days (the first and last partial).
    const window = resolveWindow({ from: d('2024-01-01T12:00:00Z'), to: d('2026-01-02T12:00:00Z') }, NOW);
    const buckets = bucketsOf(window, 'DAY', NOW);
    expect(buckets).toHaveLength(733);
    expect([buckets[0]!.partial, buckets[1]!.partial, buckets.at(-1)!.partial]).toEqual([true, false, true]);
  });
});
