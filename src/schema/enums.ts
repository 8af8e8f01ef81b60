/**
 * The closed words of the API as GraphQL enums, each built from the one list it comes from: a
 * metric's unit and direction (src/registry/units.ts), an alert rule's kind, severity, cadence and
 * no-data policy (src/registry/define-metric.ts), and the error codes (src/errors.ts,
 * src/ingestion/contract.ts). Their values are written as the plugins write them (`ratio`,
 * `warning`), so answers read the same as before they were enums.
 */
import { builder } from '../builder.js';
import { API_ERRORS } from '../errors.js';
import { INGEST_ERROR_CODES } from '../ingestion/contract.js';
import { ALERT_KINDS, CADENCES, NO_DATA_POLICIES, SEVERITIES } from '../registry/define-metric.js';
import { DIRECTIONS, UNIT_DESCRIPTIONS, type Unit } from '../registry/units.js';

const described = <const K extends string>(descriptions: Record<K, string>) =>
  Object.fromEntries(Object.entries<string>(descriptions).map(([value, description]) => [value, { value, description }])) as Record<K, { value: K; description: string }>;

export const MetricUnitRef = builder.enumType('MetricUnit', {
  description: "What a metric's number is; `formatted` shows it in words (src/format/format.ts).",
  values: described<Unit>(UNIT_DESCRIPTIONS),
});

export const DirectionRef = builder.enumType('Direction', {
  description: 'Which way is better: a higher value or a lower one (targets given as `value`, and changes judged as better or worse, follow it).',
  values: DIRECTIONS,
});

export const AlertKindRef = builder.enumType('AlertKind', {
  description: 'threshold: the value below or above a number; change: a drop or rise against the previous period; targetMissed: the target status is MISSED.',
  values: ALERT_KINDS,
});

export const AlertSeverityRef = builder.enumType('AlertSeverity', { values: SEVERITIES });

export const AlertCadenceRef = builder.enumType('AlertCadence', {
  description: 'How often a rule is evaluated, over complete periods only.',
  values: CADENCES,
});

export const AlertNoDataRef = builder.enumType('AlertNoData', {
  description: 'A period without data counts as passing (ok), as failing (alerting), or leaves the state as it is (keepState).',
  values: NO_DATA_POLICIES,
});

export const IngestErrorCodeRef = builder.enumType('IngestErrorCode', {
  description: 'Why one record of a batch was refused. The record alone is refused; the rest of the batch is stored. Retrying the same record gets the same answer.',
  values: described(INGEST_ERROR_CODES),
});

builder.enumType('ErrorCode', {
  description:
    'The `extensions.code` of an expected error (README: "Error codes"). Any other error is unexpected and masked as "Unexpected error.".',
  values: described(Object.fromEntries(Object.entries(API_ERRORS).map(([code, { when, then }]) => [code, `${when} ${then}`])) as Record<keyof typeof API_ERRORS, string>),
});
