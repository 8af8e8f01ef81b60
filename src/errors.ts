/**
 * Expected errors: GraphQL errors with a stable `extensions.code` from this one list. Anything else
 * is unexpected and stays masked by yoga.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = [
  'BATCH_TOO_LARGE',
  'BODY_TOO_LARGE',
  'METRIC_NOT_FOUND',
  'DASHBOARD_NOT_FOUND',
  'ALERT_RULE_NOT_FOUND',
  'INVALID_SILENCE',
  'INVALID_WEEK',
  'INVALID_SEGMENT',
  'INVALID_WINDOW',
  'INVALID_FILTER',
  'INVALID_RETENTION_TABLE',
  'QUERY_TIMEOUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'EXPORT_TOO_LARGE',
  'INVALID_SESSION_ID',
  'UNAVAILABLE',
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'EVALUATION_TIME_IN_FUTURE',
  // Given by @graphql-yoga/plugin-apq (src/server/use-persisted-queries.ts).
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_MISMATCH',
] as const;

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
