/**
 * Expected errors: GraphQL errors with a stable `extensions.code` from this one list. Anything else
 * is unexpected and stays masked by yoga.
 */
import { GraphQLError } from 'graphql';

export const ERROR_CODES = [
  'BATCH_TOO_LARGE',
  'BODY_TOO_LARGE',
  'METRIC_NOT_FOUND',
  'INVALID_SEGMENT',
  'INVALID_WINDOW',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An expected error. The cause is kept as the standard `cause` (for logs), not as GraphQL's
 * `originalError`, which would make yoga mask the error as unexpected.
 */
export function apiError(code: ErrorCode, message: string, options: { cause?: unknown } = {}): GraphQLError {
  const error = new GraphQLError(message, { extensions: { code } });
  if (options.cause !== undefined) Object.defineProperty(error, 'cause', { value: options.cause, enumerable: false });
  return error;
}
