/** A JSON error answered before GraphQL runs (401, 403, 429…), in the shape GraphQL errors have. */
import type { ErrorCode } from '../errors.js';

export function errorResponse(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
