/**
 * Rules of the other record kinds (METRICS.md §2, issue #2): survey responses with their conditional
 * score / feature / answer rules, safety audits (which must judge a stored, auditable event), gauges
 * and subscription events. Each bad record is refused alone with index, field and code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GaugeObservationInput, SubscriptionEventInput, SurveyResponseInput } from '../client/gql/graphql.js';
import { db } from '../../src/db.js';
import { createTestClient } from '../support/client.js';
import { requestErrors, send, sorted, storedIds } from '../support/ingestion.js';
import { ago, audit, DAY, event, gauge, MINUTE, subscription, survey } from '../support/records.js';

const client = createTestClient();

/** Asserts the middle record of [good, bad, good] was refused with (field, code) and the others stored. */
function expectMiddleRefused(result: Awaited<ReturnType<typeof send.events>>, field: string, code: string) {
  expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: 1 });
  for (const error of result.errors) expect(error.index).toBe(1);
  expect(result.errors.map((e) => [e.field, e.code])).toContainEqual([field, code]);
}

// [description, bad response, field, code]
const badSurveys: [string, Partial<SurveyResponseInput>, string, string][] = [
  ['NPS score above 10', { survey: 'NPS', score: 11 }, 'score', 'OUT_OF_RANGE'],
  ['NPS score below 0', { survey: 'NPS', score: -1 }, 'score', 'OUT_OF_RANGE'],
  ['NPS without a score', { survey: 'NPS', score: null }, 'score', 'REQUIRED'],
  ['NPS with a feature', { survey: 'NPS', score: 9, feature: 'MLX_BACKEND' }, 'feature', 'NOT_ALLOWED'],
  ['NPS with an answer', { survey: 'NPS', score: 9, answer: 'YES' }, 'answer', 'NOT_ALLOWED'],
  ['CSAT score 0', { survey: 'CSAT', score: 0 }, 'score', 'OUT_OF_RANGE'],
  ['CSAT score 6', { survey: 'CSAT', score: 6 }, 'score', 'OUT_OF_RANGE'],
  ['CSAT without a score', { survey: 'CSAT', score: undefined }, 'score', 'REQUIRED'],
  ['FEATURE with a score', { survey: 'FEATURE', score: 3, feature: 'MLX_BACKEND', answer: 'YES' }, 'score', 'NOT_ALLOWED'],
  ['FEATURE without a feature', { survey: 'FEATURE', score: null, answer: 'YES' }, 'feature', 'REQUIRED'],
  ['FEATURE without an answer', { survey: 'FEATURE', score: null, feature: 'SAFETY_VALIDATION' }, 'answer', 'REQUIRED'],
  ['FEATURE answered PARTIALLY', { survey: 'FEATURE', score: null, feature: 'SAFETY_VALIDATION', answer: 'PARTIALLY' }, 'answer', 'INVALID_VALUE'],
  ['SUPPORT_RESPONSE_TIME without an answer', { survey: 'SUPPORT_RESPONSE_TIME', score: null }, 'answer', 'REQUIRED'],
  ['SUPPORT_RESPONSE_TIME answered PARTIALLY', { survey: 'SUPPORT_RESPONSE_TIME', score: null, answer: 'PARTIALLY' }, 'answer', 'INVALID_VALUE'],
  ['SUPPORT_RESPONSE_TIME with a feature', { survey: 'SUPPORT_RESPONSE_TIME', score: null, answer: 'YES', feature: 'MLX_BACKEND' }, 'feature', 'NOT_ALLOWED'],
  ['SUPPORT_RESOLUTION with a score', { survey: 'SUPPORT_RESOLUTION', score: 5, answer: 'YES' }, 'score', 'NOT_ALLOWED'],
  ['SUPPORT_RESOLUTION without an answer', { survey: 'SUPPORT_RESOLUTION', score: null }, 'answer', 'REQUIRED'],
  ['a timestamp over 24 h ahead', { timestamp: ago(-(DAY + 5 * MINUTE)) }, 'timestamp', 'TIMESTAMP_IN_FUTURE'],
  ['a timestamp past the 90-day retention', { timestamp: ago(91 * DAY) }, 'timestamp', 'TIMESTAMP_TOO_OLD'],
];

const goodSurveys: [string, Partial<SurveyResponseInput>][] = [
  ['NPS 0', { survey: 'NPS', score: 0 }],
  ['NPS 10', { survey: 'NPS', score: 10, persona: 'DEVOPS' }],
  ['CSAT 1', { survey: 'CSAT', score: 1 }],
  ['CSAT 5', { survey: 'CSAT', score: 5 }],
  ['FEATURE YES', { survey: 'FEATURE', score: null, feature: 'MLX_BACKEND', answer: 'YES' }],
  ['SUPPORT_RESPONSE_TIME NO', { survey: 'SUPPORT_RESPONSE_TIME', score: null, answer: 'NO' }],
  ['SUPPORT_RESOLUTION PARTIALLY', { survey: 'SUPPORT_RESOLUTION', score: null, answer: 'PARTIALLY' }],
  ['a timestamp 89 days old', { timestamp: ago(89 * DAY) }],
];

describe('survey response validation (#2)', () => {
  it.each(badSurveys)('refuses %s', async (_, patch, field, code) => {
    const batch = [survey(), survey(patch), survey()];
    expectMiddleRefused(await send.surveys(client, batch), field, code);
    const ids = batch.map((r) => r.responseId);
    expect(await storedIds('survey_responses', ids)).toEqual(sorted([ids[0]!, ids[2]!]));
  });

  it.each(goodSurveys)('accepts %s', async (_, patch) => {
    expect(await send.surveys(client, [survey(patch)])).toEqual({ accepted: 1, duplicates: 0, rejected: 0, errors: [] });
  });

  it.each([
    ['an unknown survey', { survey: 'NPS2' }, 'survey'],
    ['an unknown answer', { survey: 'SUPPORT_RESOLUTION', score: null, answer: 'MAYBE' }, 'answer'],
  ])('%s is refused for its record alone with UNKNOWN_VALUE (#11)', async (_, patch, field) => {
    const batch = [survey(), { ...survey(), ...patch } as SurveyResponseInput];
    expect(await send.surveys(client, batch)).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 1, field, code: 'UNKNOWN_VALUE' }] });
  });

  it.each([
    ['a free-text field', { comment: 'love it' }],
  ])('%s fails the whole request and stores nothing', async (_, patch) => {
    const batch = [survey(), { ...survey(), ...patch } as SurveyResponseInput];
    expect((await requestErrors(send.surveys(client, batch))).length).toBeGreaterThan(0);
    expect(await storedIds('survey_responses', batch.map((r) => r.responseId))).toEqual([]);
  });
});

describe('safety audit validation (#2)', () => {
  const blocked = event({ eventType: 'VALIDATION_BLOCKED', validationSeverity: 'CRITICAL', success: false });
  const executed = event({ eventType: 'COMMAND_EXECUTED' });
  const generated = event({ eventType: 'COMMAND_GENERATED' });
  const installed = event({ eventType: 'INSTALLED', acquisitionSource: 'HN' });

  beforeAll(async () => {
    expect((await send.events(client, [blocked, executed, generated, installed])).accepted).toBe(4);
  });

  it.each([
    ['an event that was never stored', () => audit('99999999-9999-4999-8999-999999999999'), 'UNKNOWN_EVENT'],
    ['a COMMAND_GENERATED event', () => audit(generated.eventId), 'NOT_AUDITABLE'],
    ['an INSTALLED event', () => audit(installed.eventId), 'NOT_AUDITABLE'],
  ])('refuses a verdict on %s', async (_, bad, code) => {
    const batch = [audit(blocked.eventId), bad(), audit(executed.eventId, { verdict: 'FALSE_NEGATIVE' })];
    expectMiddleRefused(await send.audits(client, batch), 'eventId', code);
    const ids = batch.map((a) => a.auditId);
    expect(await storedIds('safety_audits', ids)).toEqual(sorted([ids[0]!, ids[2]!]));
  });

  it('refuses an auditedAt over 24 h ahead, accepts one a year old (audits are not subject to retention)', async () => {
    const batch = [
      audit(blocked.eventId, { auditedAt: ago(365 * DAY) }),
      audit(blocked.eventId, { auditedAt: ago(-(DAY + 5 * MINUTE)) }),
      audit(executed.eventId),
    ];
    expectMiddleRefused(await send.audits(client, batch), 'auditedAt', 'TIMESTAMP_IN_FUTURE');
  });

  it("stores the judged event's type and severity with the verdict (upper-case ids resolve too)", async () => {
    const verdict = audit(blocked.eventId.toUpperCase(), { verdict: 'FALSE_POSITIVE' });
    expect((await send.audits(client, [verdict])).accepted).toBe(1);
    const row = await db.prisma.safetyAudit.findUniqueOrThrow({ where: { auditId: verdict.auditId.toLowerCase() } });
    expect(row).toMatchObject({
      eventId: blocked.eventId.toLowerCase(),
      eventType: 'VALIDATION_BLOCKED',
      validationSeverity: 'CRITICAL',
      verdict: 'FALSE_POSITIVE',
    });
  });
});

describe('gauge observation validation (#2)', () => {
  const badGauges: [Partial<GaugeObservationInput>, string, string][] = [
    [{ source: 'GitHub' }, 'source', 'INVALID_FORMAT'],
    [{ source: 'github.com' }, 'source', 'INVALID_FORMAT'],
    [{ source: '' }, 'source', 'INVALID_FORMAT'],
    [{ source: 'a'.repeat(33) }, 'source', 'OUT_OF_RANGE'],
    [{ name: '1stars' }, 'name', 'INVALID_FORMAT'],
    [{ name: 'github.stars' }, 'name', 'INVALID_FORMAT'],
    [{ name: 'a'.repeat(33) }, 'name', 'OUT_OF_RANGE'],
    [{ observedAt: ago(-(DAY + 5 * MINUTE)) }, 'observedAt', 'TIMESTAMP_IN_FUTURE'],
    // Values that overflowed sums later (#11): at most 1e12 either way.
    [{ value: 1.79e308 }, 'value', 'OUT_OF_RANGE'],
    [{ value: -1.79e308 }, 'value', 'OUT_OF_RANGE'],
    [{ value: 1e12 + 1 }, 'value', 'OUT_OF_RANGE'],
  ];

  it('accepts values up to 1e12 either way', async () => {
    expect(await send.gauges(client, [gauge({ value: 1e12 }), gauge({ value: -1e12 }), gauge({ value: 0.5 })])).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it.each(badGauges)('refuses %j', async (patch, field, code) => {
    expectMiddleRefused(await send.gauges(client, [gauge(), gauge(patch), gauge()]), field, code);
  });

  it('accepts a backfill a year old (gauges are not subject to retention), with its value', async () => {
    const old = gauge({ source: 'discord', name: 'members', value: 12.5, observedAt: ago(365 * DAY) });
    expect(await send.gauges(client, [old])).toMatchObject({ accepted: 1, rejected: 0 });
    const row = await db.prisma.gaugeObservation.findUniqueOrThrow({
      where: { source_name_observedAt: { source: 'discord', name: 'members', observedAt: new Date(old.observedAt) } },
    });
    expect(row.value).toBe(12.5);
  });

  it('a value that is no number fails the whole request', async () => {
    const batch = [gauge({ name: 'forks' }), { ...gauge({ name: 'forks' }), value: 'many' } as unknown as GaugeObservationInput];
    expect((await requestErrors(send.gauges(client, batch))).length).toBeGreaterThan(0);
    expect(await db.prisma.gaugeObservation.count({ where: { name: 'forks' } })).toBe(0);
  });
});

describe('subscription event validation (#2)', () => {
  const badSubscriptions: [string, Partial<SubscriptionEventInput>, string, string][] = [
    ['0 seats', { seats: 0 }, 'seats', 'OUT_OF_RANGE'],
    ['a negative amount', { monthlyAmountCents: -1 }, 'monthlyAmountCents', 'OUT_OF_RANGE'],
    ['CANCELLED with an amount left', { kind: 'CANCELLED', monthlyAmountCents: 900 }, 'monthlyAmountCents', 'INVALID_VALUE'],
    ['a timestamp over 24 h ahead', { timestamp: ago(-(DAY + 5 * MINUTE)) }, 'timestamp', 'TIMESTAMP_IN_FUTURE'],
  ];

  it.each(badSubscriptions)('refuses %s', async (_, patch, field, code) => {
    const batch = [subscription(), subscription(patch), subscription()];
    expectMiddleRefused(await send.subscriptions(client, batch), field, code);
    const ids = batch.map((s) => s.eventId);
    expect(await storedIds('subscription_events', ids)).toEqual(sorted([ids[0]!, ids[2]!]));
  });

  it.each([
    ['CANCELLED with 0', { kind: 'CANCELLED', monthlyAmountCents: 0 }],
    ['a FREE account with 0', { tier: 'FREE', monthlyAmountCents: 0 }],
    ['a billing import a year old (not subject to retention)', { timestamp: ago(365 * DAY) }],
  ] as [string, Partial<SubscriptionEventInput>][])('accepts %s', async (_, patch) => {
    expect(await send.subscriptions(client, [subscription(patch)])).toEqual({ accepted: 1, duplicates: 0, rejected: 0, errors: [] });
  });

  it('an unknown tier is refused for its record alone with UNKNOWN_VALUE (#11)', async () => {
    const batch = [subscription(), { ...subscription(), tier: 'GOLD' }];
    expect(await send.subscriptions(client, batch)).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 1, field: 'tier', code: 'UNKNOWN_VALUE' }] });
    expect(await storedIds('subscription_events', batch.map((s) => s.eventId))).toEqual([batch[0]!.eventId.toLowerCase()]);
  });
});
