/**
 * The values a metric definition writes for fields of the data contract: `where` values, a cohort's
 * event type, a session-state match, a share's headline, `target.bySegment` keys and alert scope
 * values. The types catch these in TypeScript; this catches them in plain JS or behind a cast, at
 * start-up. It reads the definition as unknown data, so that it also runs on one whose shape is wrong.
 */
import { isSegmentKey, segmentKeysOf } from '../ingestion/record-kinds.js';

type Data = Record<string, unknown>;
const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** At most this many values are listed in a message; the rest are counted. */
const LISTED = 12;

function expected(dimension: string): string {
  const keys = segmentKeysOf(dimension);
  if (!keys) return `no value a record's ${dimension} can hold (src/ingestion/record-kinds.ts)`;
  const listed = keys.length <= LISTED ? keys.join(', ') : `${keys.slice(0, LISTED - 2).join(', ')}, … (${keys.length} values in src/ingestion/contract.ts)`;
  return `not one of the ${dimension} values: ${listed}`;
}

/** Checks one value written for `dimension`; dimensions outside the contract (an escape-hatch query's) take any. */
function checkKey(dimension: string, value: unknown, at: string, problems: string[]): void {
  if (segmentKeysOf(dimension) === undefined) return;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
  if (!isSegmentKey(dimension, String(value))) problems.push(`${at}: ${JSON.stringify(value)} is ${expected(dimension)}`);
}

/** The values of a field condition: a value, a list, or `not`; comparisons and notNull hold no value. */
function checkCondition(dimension: string, condition: unknown, at: string, problems: string[]): void {
  if (Array.isArray(condition)) condition.forEach((value, i) => checkKey(dimension, value, `${at}[${i}]`, problems));
  else if (!isData(condition)) checkKey(dimension, condition, at, problems);
  else if (Array.isArray(condition.not)) condition.not.forEach((value, i) => checkKey(dimension, value, `${at}.not[${i}]`, problems));
  else if (condition.not !== undefined) checkKey(dimension, condition.not, `${at}.not`, problems);
}

function checkWhere(where: unknown, at: string, problems: string[]): void {
  if (!isData(where)) return;
  for (const [field, condition] of Object.entries(where)) checkCondition(field, condition, `${at}.where.${field}`, problems);
}

function checkFormula(formula: unknown, at: string, problems: string[]): void {
  if (!isData(formula)) return;
  switch (formula.kind) {
    case 'measure':
      checkWhere(formula.where, at, problems);
      break;
    case 'cohort':
    case 'engagedSessions':
      if (isData(formula.condition)) {
        checkKey('eventType', formula.condition.eventType, `${at}.condition.eventType`, problems);
        checkWhere(formula.condition.where, `${at}.condition`, problems);
      }
      break;
    case 'sessionState':
      if (typeof formula.field === 'string' && formula.match !== undefined) checkCondition(formula.field, formula.match, `${at}.match`, problems);
      break;
    case 'share':
      if (typeof formula.of === 'string' && formula.headline !== undefined) checkKey(formula.of, formula.headline, `${at}.headline`, problems);
      break;
  }
  for (const child of ['numerator', 'denominator', 'base', 'left', 'right']) checkFormula(formula[child], `${at}.${child}`, problems);
}

/** Every value of a contract field the definition writes that no record could hold, as `field: message`. */
export function checkContractValues(definition: unknown): string[] {
  const problems: string[] = [];
  if (!isData(definition)) return problems;
  checkFormula(definition.formula, 'formula', problems);
  const target = definition.target;
  if (isData(target) && isData(target.bySegment))
    for (const [segment, byValue] of Object.entries(target.bySegment))
      if (isData(byValue)) for (const key of Object.keys(byValue)) checkKey(segment, key, `target.bySegment.${segment}.${key}`, problems);
  if (Array.isArray(definition.alerts))
    definition.alerts.forEach((alert: unknown, i) => {
      if (isData(alert) && isData(alert.scope) && typeof alert.scope.segment === 'string')
        checkKey(alert.scope.segment, alert.scope.value, `alerts[${i}].scope.value`, problems);
    });
  return problems;
}
