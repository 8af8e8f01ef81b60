/**
 * How errors are answered. A database that cannot serve (src/sql/unavailable.ts) is a 503
 * UNAVAILABLE with Retry-After, so that a client keeps its records and retries, instead of a 200
 * with a masked error that it would take as final. Other unexpected errors stay masked by yoga.
 * And no message sends back more than MAX_MESSAGE_LENGTH characters: GraphQL and our own errors
 * quote what the client sent (a metric id, a literal), which can be most of a megabyte.
 */
import { GraphQLError } from 'graphql';
import { isAsyncIterable, maskError as yogaMaskError, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import { apiError } from '../errors.js';
import { isStorageUnavailable, RETRY_AFTER_SECONDS } from '../sql/unavailable.js';

export const MAX_MESSAGE_LENGTH = 300;

type MaskError = NonNullable<Extract<YogaServerOptions<object, object>['maskedErrors'], object>['maskError']>;

export const maskError: MaskError = (error, message, isDev) => {
  if (isStorageUnavailable(error))
    return apiError('UNAVAILABLE', 'The database is unavailable right now; retry later, the request stored nothing', {
      status: 503,
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      cause: error,
    });
  return yogaMaskError(error, message, isDev);
};

/** Head and tail: GraphQL puts the value it quotes in the middle and the reason at the end. */
function capped(error: GraphQLError): GraphQLError {
  if (error.message.length <= MAX_MESSAGE_LENGTH) return error;
  const head = MAX_MESSAGE_LENGTH / 3;
  const message = `${error.message.slice(0, head)} […] ${error.message.slice(-(MAX_MESSAGE_LENGTH - head))}`;
  return new GraphQLError(message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: error.extensions });
}

export function useErrorAnswers(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || isAsyncIterable(result) || !result.errors?.some((e) => e.message.length > MAX_MESSAGE_LENGTH)) return;
      setResult({ ...result, errors: result.errors.map((e) => capped(e as GraphQLError)) });
    },
  };
}
