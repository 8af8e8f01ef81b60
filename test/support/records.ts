/**
 * The record builders of every suite: one builder per record kind, each a valid GraphQL input (times
 * as ISO strings) with one set of defaults (override any field), and short positional forms of the
 * same builders for metric fixtures: `ev(session, at, eventType)`, `surveyAnswer`, `auditOf`,
 * `gaugeAt`, `billing`. Ingestion suites send them over GraphQL; metric suites load them through the
 * ingestion core (test/support/metric-tester.ts turns their ISO times into dates).
 */
import { randomUUID } from 'node:crypto';
import type { TimeWindow } from '../../src/query-engine/window.js';
import type {
  GaugeObservationInput,
  SafetyAuditInput,
  SubscriptionEventInput,
  SurveyResponseInput,
  TelemetryEventInput,
} from '../client/gql/graphql.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** ISO time `ms` before now (negative: after now). */
export const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();
/** `2026-03-02` (midnight UTC) or a full ISO instant. */
export const d = (iso: string): Date => new Date(iso.includes('T') ? iso : `${iso}T00:00:00Z`);
export const win = (from: string, to: string): TimeWindow => ({ from: d(from), to: d(to) });
/** A fresh session (or account) id. */
export const session = (): string => randomUUID();
/** `at` plus `seconds`, as an ISO instant (time-to-success fixtures). */
export const plus = (at: string, seconds: number): string => new Date(d(at).getTime() + seconds * SECOND).toISOString();
const iso = (at: string): string => d(at).toISOString();

/** `n` records from `day` 00:00, one minute apart (then the next hour), made by `make`. */
export const on = <T>(day: string, n: number, make: (at: string, i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => {
    const [hh, mm] = [Math.floor(i / 60), i % 60].map((x) => String(x).padStart(2, '0'));
    return make(`${day}T${hh}:${mm}:00Z`, i);
  });

/** Records of every kind, as the ingestion mutations take them. */
export interface Records {
  events?: readonly TelemetryEventInput[];
  surveys?: readonly SurveyResponseInput[];
  /** Verdicts on events of `events` (or stored before). */
  audits?: readonly SafetyAuditInput[];
  gauges?: readonly GaugeObservationInput[];
  subscriptions?: readonly SubscriptionEventInput[];
}

/** A COMMAND_GENERATED event a minute ago: STATIC, linux-x86_64, 1.2.3, 100 ms, success. */
export function event(overrides: Partial<TelemetryEventInput> = {}): TelemetryEventInput {
  return {
    eventId: randomUUID(),
    timestamp: ago(MINUTE),
    sessionId: randomUUID(),
    eventType: 'COMMAND_GENERATED',
    backend: 'STATIC',
    platform: 'linux-x86_64',
    caroVersion: '1.2.3',
    latencyMs: 100,
    success: true,
    ...overrides,
  };
}

/** An event of `sessionId` at `at` (`2026-03-02` or an ISO instant). */
export const ev = (sessionId: string, at: string, eventType: string, overrides: Partial<TelemetryEventInput> = {}): TelemetryEventInput =>
  event({ ...overrides, sessionId, timestamp: iso(at), eventType });

/** An event with every optional field set (about 700 bytes of JSON). */
export function fullEvent(overrides: Partial<TelemetryEventInput> = {}): TelemetryEventInput {
  return event({
    errorCategory: 'timeout',
    confidenceScore: 0.93,
    validationSeverity: 'MEDIUM',
    safetyMode: 'NORMAL',
    queryComplexity: 'COMPLEX',
    refinementCount: 2,
    model: 'qwen-1.5b',
    inferenceMs: 312,
    memoryMb: 812.5,
    cpuPercent: 143.2,
    historyEnabled: true,
    pluginCount: 3,
    persona: 'EXPERT',
    acquisitionSource: 'HN',
    ...overrides,
  });
}

/** An NPS 9 a minute ago. */
export function survey(overrides: Partial<SurveyResponseInput> = {}): SurveyResponseInput {
  return { responseId: randomUUID(), sessionId: randomUUID(), timestamp: ago(MINUTE), survey: 'NPS', score: 9, ...overrides };
}

/** `sessionId`'s answer to `name` at `at`: a score, or null and `{ answer, feature }` in `extra`. */
export const surveyAnswer = (sessionId: string, at: string, name: string, score: number | null, extra: Partial<SurveyResponseInput> = {}): SurveyResponseInput =>
  survey({ ...extra, sessionId, timestamp: iso(at), survey: name, score });

/** A TRUE_POSITIVE verdict on `eventId` a minute ago. */
export function audit(eventId: string, overrides: Partial<SafetyAuditInput> = {}): SafetyAuditInput {
  return { auditId: randomUUID(), eventId, verdict: 'TRUE_POSITIVE', auditedAt: ago(MINUTE), ...overrides };
}

/** A verdict on `event`, audited at `at`. */
export const auditOf = (event: { eventId: string }, at: string, verdict: 'TRUE_POSITIVE' | 'FALSE_POSITIVE' | 'FALSE_NEGATIVE'): SafetyAuditInput =>
  audit(event.eventId, { auditedAt: iso(at), verdict });

let gaugeSeq = 0;
/** A github.stars observation with a key (source, name, observedAt) unique in this test file. */
export function gauge(overrides: Partial<GaugeObservationInput> = {}): GaugeObservationInput {
  gaugeSeq += 1;
  return { source: 'github', name: 'stars', value: 1000 + gaugeSeq, observedAt: ago(gaugeSeq * SECOND), ...overrides };
}

/** `source.name` observed at `at`. */
export function gaugeAt(name: string, at: string, value: number): GaugeObservationInput {
  const dot = name.indexOf('.');
  return gauge({ source: name.slice(0, dot), name: name.slice(dot + 1), observedAt: iso(at), value });
}

/** A PRO subscription of one seat at $9 a month, started a minute ago. */
export function subscription(overrides: Partial<SubscriptionEventInput> = {}): SubscriptionEventInput {
  return {
    eventId: randomUUID(),
    accountId: randomUUID(),
    timestamp: ago(MINUTE),
    kind: 'STARTED',
    tier: 'PRO',
    seats: 1,
    monthlyAmountCents: 900,
    ...overrides,
  };
}

/** A billing event of `accountId` at `at`. */
export const billing = (accountId: string, at: string, kind: string, tier: string, monthlyAmountCents: number): SubscriptionEventInput =>
  subscription({ accountId, timestamp: iso(at), kind, tier, monthlyAmountCents });
