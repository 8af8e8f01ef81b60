/**
 * The one unit-aware formatter (#13 item 4): the words and numbers people read on the dashboard, in
 * the weekly report, alert messages and webhook payloads, and through `formatted { value change target }`.
 */
import { describe, expect, it } from 'vitest';
import { formatChange, formatTarget, formatValue, formatWindow, type ChangeInput, type Unit } from '../../src/format/format.js';

const change = (value: number | null, previousValue: number | null, delta: number | null, changeUnit: ChangeInput['changeUnit']) => ({
  value,
  previousValue,
  change: delta,
  changeUnit,
});

describe('formatValue', () => {
  it.each<[Unit, number | null, string]>([
    ['ratio', 0.615, '61.5 %'],
    ['ratio', 2 / 3, '66.7 %'],
    ['ratio', 1, '100 %'],
    ['ratio', 0, '0 %'],
    ['milliseconds', 420, '420 ms'],
    ['milliseconds', 1500, '1,500 ms'],
    ['milliseconds', 12.345, '12.3 ms'],
    ['seconds', 45.2, '45.2 s'],
    ['usd', 5000, '$5,000'],
    ['usd', 4.5, '$4.50'],
    ['usd', -12, '−$12.00'],
    ['percent', 42.5, '42.5 %'],
    ['percent', 212, '212 %'],
    ['minutes', 12.5, '12.5 min'],
    ['minutes', 90, '90 min'],
    ['megabytes', 512, '512 MB'],
    ['megabytes', 1536.4, '1,536 MB'],
    ['megabytes', 8.25, '8.25 MB'],
    ['score', 4.234, '4.23'],
    ['score', -42.857, '−42.9'],
    ['count', 1234, '1,234'],
    ['count', 18.734, '18.7'],
    ['count', -0.001, '0'],
    ['count', null, 'no data'],
    ['ratio', Number.NaN, 'no data'],
  ])('%s %s → %s', (unit, value, text) => {
    expect(formatValue(unit, value)).toBe(text);
  });
});

describe('formatChange', () => {
  it.each<[Unit, ChangeInput, string]>([
    // A ratio's value is a fraction; its change is in percentage points.
    ['ratio', change(0.615, 0.601, 1.4, 'POINTS'), '+1.4 pp'],
    ['ratio', change(2 / 3, 1, -100 / 3, 'POINTS'), '−33.3 pp'],
    ['ratio', change(0.5, 0.5004, -0.04, 'POINTS'), 'no change'],
    ['count', change(107, 100, 7, 'PERCENT'), '+7 %'],
    ['count', change(98.8, 100, -1.2, 'PERCENT'), '−1.2 %'],
    ['milliseconds', change(420, 450, -6.67, 'PERCENT'), '−6.7 %'],
    ['score', change(48, 45, 3, 'POINTS'), '+3 pts'],
    ['score', change(4.3, 4.1, 0.2, 'POINTS'), '+0.2 pts'],
    ['count', change(5, 5, 0, 'PERCENT'), 'no change'],
    // A percent change from 0 cannot be had.
    ['count', change(0, 0, null, 'PERCENT'), 'no change'],
    ['count', change(3, 0, null, 'PERCENT'), 'up from 0'],
    ['count', change(4, null, null, 'PERCENT'), 'no previous data'],
    ['ratio', change(null, 0.5, null, 'POINTS'), 'was 50 %'],
  ])('%s %o → %s', (unit, input, text) => {
    expect(formatChange(unit, input)).toBe(text);
  });

  it('never words an unchanged zero as "up from 0" (#13: "0 (up from 0)")', () => {
    expect(`${formatValue('count', 0)} (${formatChange('count', change(0, 0, null, 'PERCENT'))})`).toBe('0 (no change)');
  });
});

describe('formatTarget', () => {
  it.each<[Unit, Parameters<typeof formatTarget>[1], string]>([
    ['ratio', { kind: 'AT_LEAST', min: 0.6 }, '≥ 60 %'],
    ['milliseconds', { kind: 'AT_MOST', max: 500 }, '≤ 500 ms'],
    ['usd', { kind: 'BETWEEN', min: 3, max: 5 }, '$3.00 – $5.00'],
    ['count', { kind: 'CHANGE_AT_LEAST', min: 10 }, 'change ≥ +10 %'],
    ['count', null, 'no target'],
  ])('%s %o → %s', (unit, target, text) => {
    expect(formatTarget(unit, target)).toBe(text);
  });
});

describe('formatWindow', () => {
  const d = (iso: string) => new Date(iso);
  it.each([
    [d('2026-02-03T00:00:00Z'), d('2026-02-04T00:00:00Z'), '2026-02-03'],
    [d('2026-02-02T00:00:00Z'), d('2026-02-09T00:00:00Z'), '2026-02-02 – 2026-02-08'],
    [d('2026-02-03T10:00:00Z'), d('2026-02-03T11:00:00Z'), '2026-02-03 10:00 – 11:00 UTC'],
    [d('2026-02-03T10:00:00Z'), d('2026-02-05T11:30:00Z'), '2026-02-03 10:00 – 2026-02-05 11:30 UTC'],
  ])('%s to %s → %s', (from, to, text) => {
    expect(formatWindow({ from, to })).toBe(text);
  });
});
