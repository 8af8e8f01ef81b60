/**
 * Expected errors: GraphQL errors with a stable `extensions.code` from this one list. Anything else
 * is unexpected and stays masked by yoga.
 */
import { GraphQLError } from 'graphql';

/**
 * Every expected error code: when it happens and what a client should do. The GraphQL enum
 * ErrorCode and the README's table ("Error codes") say the same (test/schema/error-codes.test.ts).
 */
export const API_ERRORS = {
  BAD_REQUEST: { when: 'The body or a parameter is not valid JSON or gzip, is cut short, or holds NUL characters (HTTP 400).', then: 'Fix the request; do not retry it as is.' },
  UNSUPPORTED_MEDIA_TYPE: { when: 'A POST body that is not JSON, or compressed other than gzip (HTTP 415).', then: 'Send Content-Type: application/json, gzip or no Content-Encoding.' },
  BODY_TOO_LARGE: { when: 'The body is past MAX_BODY_BYTES (HTTP 413).', then: 'Send smaller batches.' },
  BATCH_TOO_LARGE: { when: 'An ingestion batch of more than 1 000 records; nothing was stored.', then: 'Split the batch and send the parts.' },
  QUERY_TOO_COMPLEX: { when: 'The operation is past the depth, alias, cost or token limits.', then: 'Ask for less in one request, or split it.' },
  UNAUTHENTICATED: { when: 'API tokens are configured and the request has no valid one (HTTP 401).', then: 'Send Authorization: Bearer <token>.' },
  FORBIDDEN: { when: "The token's scope does not allow the operation or path, or a request without tokens is not addressed to a local name (HTTP 403).", then: 'Use a token with the scope needed (ingest, read, admin).' },
  RATE_LIMITED: { when: 'Too many requests from this address or token, or too many session exports and deletions (HTTP 429).', then: 'Wait for Retry-After seconds, then retry.' },
  UNAVAILABLE: { when: 'The database cannot be reached right now; nothing was stored (HTTP 503).', then: 'Retry later (Retry-After); ingestion retries are safe.' },
  QUERY_TIMEOUT: { when: 'A metric query ran past QUERY_TIMEOUT_MS and was stopped.', then: 'Ask for a shorter window, fewer segments or a coarser series.' },
  METRIC_NOT_FOUND: { when: 'No metric has the id given.', then: 'Take an id from metricDefinitions.' },
  DASHBOARD_NOT_FOUND: { when: 'No dashboard has the id given.', then: 'Take an id from dashboards.' },
  ALERT_RULE_NOT_FOUND: { when: 'No alert rule has the id given.', then: 'Take an id from alertRules (`<metric id>.<alert name>`).' },
  INVALID_WINDOW: { when: 'A window or series that cannot be had: from after to, a bad ISO-8601 duration, too many buckets, out of range dates.', then: 'Fix the window (the message says what is wrong).' },
  INVALID_SEGMENT: { when: 'A split by a dimension the metric cannot be split by.', then: "Use one of the metric definition's segments." },
  INVALID_FILTER: { when: 'A filter on a dimension the metric cannot be split by, or a value no record can hold.', then: "Filter by the metric's segments, with values as segments shows them." },
  INVALID_RETENTION_TABLE: { when: 'A retention table asked with both or neither of metric and condition, a metric that is no cohort metric, or periods out of range.', then: 'Fix the arguments (the message says which).' },
  INVALID_WEEK: { when: 'A week or month that is not one: not YYYY-Www (or YYYY-MM), or a week number the year does not have.', then: 'Give an ISO week such as 2026-W02 (a month such as 2026-03).' },
  INVALID_SILENCE: { when: 'A silence with nothing to match by, ending before it starts, without a comment in words, or one that does not exist.', then: 'Give ruleId, metricId or severity, endsAt after startsAt and a comment; take ids from silences.' },
  EVALUATION_TIME_IN_FUTURE: { when: 'evaluateAlerts at a time more than 5 minutes ahead of the server.', then: "Give a time up to the server's now." },
  EXPORT_TOO_LARGE: { when: "A session's export is past EXPORT_MAX_RECORDS.", then: 'Download it from POST /export (NDJSON) instead.' },
  PERSISTED_QUERY_NOT_FOUND: { when: 'A persisted query sent as its SHA-256 alone, which this server does not hold (yet, or any more) (HTTP 404).', then: 'Send the document with its hash once; then the hash alone works.' },
  PERSISTED_QUERY_MISMATCH: { when: 'A persisted query whose document does not hash to the SHA-256 sent with it.', then: 'Hash the exact document sent (SHA-256, hex); do not retry as is.' },
  INVALID_SESSION_ID: { when: 'POST /export or a deletion without a JSON body {"sessionId": "<uuid>"}.', then: 'Send the consent session id as a UUID.' },
} as const satisfies Record<string, { when: string; then: string }>;

export const ERROR_CODES = Object.keys(API_ERRORS) as (keyof typeof API_ERRORS)[];

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An expected error. The cause is kept as the standard `cause` (for logs), not as GraphQL's
 * `originalError`, which would make yoga mask the error as unexpected.
 */
export function apiError(
  code: ErrorCode,
  message: string,
  options: { cause?: unknown; status?: number; headers?: Record<string, string> } = {},
): GraphQLError {
  // `http` sets the response status and headers (yoga reads it and strips it from the response).
  const extensions = options.status === undefined ? { code } : { code, http: { status: options.status, headers: options.headers } };
  const error = new GraphQLError(message, { extensions });
  if (options.cause !== undefined) Object.defineProperty(error, 'cause', { value: options.cause, enumerable: false });
  return error;
}
