/**
 * The page's only way to the server: POST /graphql with a typed document (GraphQL Code Generator,
 * web/src/gql) and the token kept in sessionStorage. 401 and 403 become a `SignInNeeded` that the
 * page answers with its sign-in form, never a blank page.
 */
import type { TypedDocumentString } from '../gql/graphql.js';

const TOKEN_KEY = 'caro-metrics.token';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string) => sessionStorage.setItem(TOKEN_KEY, value.trim()),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An error the API answered, with its `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/** No token, a bad one (401), or one whose scope may not do this (403). */
export class SignInNeeded extends ApiError {}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V): Promise<R> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  const secret = token.get();
  if (secret) headers.authorization = `Bearer ${secret}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  const body = (await response.json().catch(() => null)) as GraphQLResponse<R> | null;
  const error = body?.errors?.[0];
  const code = error?.extensions?.code;
  if (response.status === 401 || response.status === 403 || code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
    throw new SignInNeeded(error?.message ?? 'Sign in', response.status, code);
  }
  if (error || !body?.data) throw new ApiError(error?.message ?? `The server answered HTTP ${response.status}`, response.status, code);
  return body.data;
}
