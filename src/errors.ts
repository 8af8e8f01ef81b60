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

export function apiError(code: ErrorCode, message: string, options: { cause?: unknown; httpStatus?: number } = {}): GraphQLError {
  return new GraphQLError(message, {
    originalError: options.cause instanceof Error ? options.cause : undefined,
    extensions: { code, ...(options.httpStatus ? { http: { status: options.httpStatus } } : {}) },
  });
}
