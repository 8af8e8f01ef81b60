/**
 * Bearer tokens and scopes. Every request but /health and /live must carry
 * `Authorization: Bearer caro_…` of an unrevoked token (401 otherwise), and may only call the root
 * fields and endpoints its scope allows (403, from the table in access.ts).
 *
 * With no token defined, a server listening on a loopback address serves everyone as ADMIN (the
 * first-run and test setup); src/server.ts refuses to listen elsewhere without tokens, and if the
 * last token is revoked while listening elsewhere, every request is refused.
 */
import { isIP } from 'node:net';
import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors.js';
import type { Principal, TokenAuthenticator } from '../privacy/tokens.js';
import { RETRY_AFTER_SECONDS } from '../sql/unavailable.js';
import { PUBLIC_PATHS, type RootType, scopesFor, scopesForPath } from './access.js';
import { errorResponse } from './http-error.js';

const principals = new WeakMap<Request, Principal>();

/** The caller of a request that passed authentication. */
export function principalOf(request: Request): Principal | undefined {
  return principals.get(request);
}

/** The principal of the open loopback server (no token defined). */
export const OPEN_PRINCIPAL: Principal = Object.freeze({ tokenId: null, name: 'loopback (no token defined)', scope: 'ADMIN' });

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare.startsWith('::ffff:127.');
}

/**
 * The Host names the open (no-token) server answers to: the address it listens on and loopback names
 * (`*.localhost` included, which browsers resolve to loopback themselves). Any other name is a page
 * that had its own domain re-pointed at 127.0.0.1 (DNS rebinding) to drive the server as ADMIN.
 */
export function isOpenModeHost(hostname: string, listenHost: string): boolean {
  const bare = (name: string) => name.replace(/^\[|\]$/g, '').toLowerCase();
  const name = bare(hostname);
  return name === bare(listenHost) || isLoopbackHost(name) || name.endsWith('.localhost');
}

export interface AuthOptions {
  authenticator: TokenAuthenticator;
  /** The address the server listens on: the open mode exists only on loopback. */
  host: string;
  /** Behind a trusted reverse proxy every caller arrives from loopback, so there is no open mode. */
  behindProxy: boolean;
  graphqlEndpoint: string;
  /** The parser's token limit, the same as the query limits' (use-limits.ts). */
  maxTokens: number;
  /** A failure to check a token (the database): logged here, answered 503 without details. */
  onError(error: unknown): void;
}

export function useAuth(options: AuthOptions): Plugin {
  const openModePossible = isLoopbackHost(options.host) && !options.behindProxy;
  const unauthenticated = (fetchAPI: { Response: typeof Response }, message: string, challenge: string) =>
    errorResponse(fetchAPI, 401, 'UNAUTHENTICATED', message, { 'www-authenticate': challenge });

  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (PUBLIC_PATHS.includes(url.pathname)) return;
      const header = request.headers.get('authorization');
      let principal: Principal | null = null;
      try {
        if (header !== null) {
          const [, secret] = /^Bearer +(\S+) *$/i.exec(header) ?? [];
          principal = secret ? await options.authenticator.verify(secret) : null;
          if (!principal) {
            endResponse(unauthenticated(fetchAPI, 'Invalid, revoked or malformed bearer token', 'Bearer realm="caro-metrics", error="invalid_token"'));
            return;
          }
        } else if (openModePossible && !(await options.authenticator.anyActive())) {
          if (!isOpenModeHost(url.hostname, options.host)) {
            endResponse(errorResponse(fetchAPI, 403, 'FORBIDDEN', 'Without API tokens the server answers only requests addressed to it by a local name (Host)'));
            return;
          }
          principal = OPEN_PRINCIPAL;
        } else {
          endResponse(unauthenticated(fetchAPI, 'This server needs an API token: Authorization: Bearer <token>', 'Bearer realm="caro-metrics"'));
          return;
        }
      } catch (error) {
        // Never thrown out of onRequest: the server adapter would answer 500 with the stack trace.
        options.onError(error);
        endResponse(errorResponse(fetchAPI, 503, 'UNAVAILABLE', 'Tokens cannot be checked right now; retry later', { 'retry-after': String(RETRY_AFTER_SECONDS) }));
        return;
      }
      principals.set(request, principal);
      if (url.pathname !== options.graphqlEndpoint && !scopesForPath(url.pathname).includes(principal.scope)) {
        endResponse(errorResponse(fetchAPI, 403, 'FORBIDDEN', `A ${principal.scope} token may not use ${url.pathname}`));
      }
    },
    // Before parsing and validation, whose results yoga caches per document whoever sends it: the
    // check is per caller. It sees every operation of the document, and wins over validation errors,
    // which would describe the schema to a caller who may not use it.
    onParams({ request, params, setResult }) {
      const principal = principalOf(request);
      if (!principal) {
        setResult({ errors: [apiError('UNAUTHENTICATED', 'No authenticated caller', { status: 401 })] });
        return;
      }
      if (principal.scope === 'ADMIN') return;
      // Null: the document does not parse, and yoga's parser (same token limit) refuses it the same way.
      const fields = rootFieldsOf(params.query, options.maxTokens);
      if (fields === null) return;
      const denied = fields.filter(({ type, field }) => !scopesFor(type, field).includes(principal.scope)).map(({ type, field }) => `${type}.${field}`);
      if (denied.length === 0) return;
      setResult({ errors: [apiError('FORBIDDEN', `A ${principal.scope} token may not call ${[...new Set(denied)].join(', ')}`, { status: 403 })] });
    },
  };
}

const ROOT_TYPES: Record<string, RootType> = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' };

const rootFieldCache = new Map<string, RootField[] | null>();
// At most 500 documents of at most 16 KiB: a bounded cache whatever callers send.
const CACHE_SIZE = 500;
const CACHEABLE_LENGTH = 16_384;

export interface RootField {
  type: RootType;
  field: string;
}

/**
 * The root fields of every operation of a document (through fragments), or null when it does not
 * parse. Cached per document text (the answer does not depend on the caller).
 */
export function rootFieldsOf(query: string | undefined, maxTokens: number): RootField[] | null {
  if (query === undefined) return [];
  const cached = rootFieldCache.get(query);
  if (cached !== undefined) return cached;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens, noLocation: true });
  } catch {
    return null;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields: RootField[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const type = ROOT_TYPES[definition.operation]!;
    for (const field of rootFields(definition.selectionSet, fragments, new Set())) fields.push({ type, field });
  }
  if (query.length > CACHEABLE_LENGTH) return fields;
  if (rootFieldCache.size >= CACHE_SIZE) rootFieldCache.delete(rootFieldCache.keys().next().value!);
  rootFieldCache.set(query, fields);
  return fields;
}

function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}
