/**
 * Answers of the read API cached in the server, and HTTP revalidation of them.
 *
 * - A query operation whose root fields are all READ_API_FIELDS is answered from memory when the same
 *   document, operation name and variables were answered without error for a token of the same scope
 *   (answers depend on the scope: what it may call), under the current data version
 *   (src/caching/data-version.ts), less than `ttlSeconds` ago. A repeated dashboard view then costs no
 *   SQL. The time limit is there because answers also depend on time (a window "the last 7 days" ends
 *   now; buckets and cohort periods end) and on writes of other processes: a cached answer is at most
 *   that old.
 * - A GET of such a query is answered with an ETag, the digest of the answer itself, so it changes
 *   exactly when the answer does (new data, time moving a window), and with
 *   `Cache-Control: private, no-cache`: a client keeps it but asks again each time, with
 *   If-None-Match, and gets 304 without a body while its copy is current. Mutations are never cached
 *   (yoga refuses them over GET).
 *
 * Why not @graphql-yoga/plugin-response-cache: it answers If-None-Match in onRequest, before the scope
 * check, from any cached entry whose key is the ETag (not this request's); invalidates by the entity
 * ids of mutation results, while our data changes by ingestion, purge and schedules; and rewrites
 * every document to collect entities. A key of scope, document and variables under a data version
 * is all this needs.
 *
 * Runs after authentication and APQ (whose onParams fills in the document of a hash-only request).
 */
import { createHash } from 'node:crypto';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { createAnswerCache } from '../caching/answer-cache.js';
import { stableJson } from '../query-engine/stable-json.js';
import { principalOf, rootFieldsOf } from './use-auth.js';

/**
 * Root fields whose answers depend only on stored records, alert states, silences, the catalogue and
 * time, every write of which moves the data version. Session data (exportSessionData) and the
 * ingestion and delivery status are not cached.
 */
export const READ_API_FIELDS: ReadonlySet<string> = new Set([
  'metric',
  'metrics',
  'metricDefinitions',
  'dashboard',
  'dashboards',
  'retentionTable',
  'weeklyReport',
  'alerts',
  'alertRules',
  'alertHistory',
  'silences',
  '__typename',
]);

export interface QueryCacheOptions {
  /** How long an answer may be served from memory; 0: never (ETags still work). */
  ttlSeconds: number;
  /** Memory for cached answers (approximate: their JSON size). */
  maxBytes: number;
  /** The parser's token limit (use-auth.ts's root-field check). */
  maxTokens: number;
  version(): number;
}

interface Pending {
  key: string;
  version: number;
  hit: boolean;
}

export function useQueryCache(options: QueryCacheOptions): Plugin {
  const cache = createAnswerCache<ExecutionResult>({ ttlMs: options.ttlSeconds * 1000, maxBytes: options.maxBytes, version: options.version });
  const pending = new WeakMap<Request, Pending>();
  return {
    onParams({ request, params, setResult }) {
      const principal = principalOf(request);
      const fields = rootFieldsOf(params.query, options.maxTokens);
      if (!principal || !fields?.length || !fields.every((f) => f.type === 'Query' && READ_API_FIELDS.has(f.field))) return;
      const key = digest(stableJson([principal.scope, params.operationName ?? null, params.query, params.variables ?? null]));
      const cached = cache.get(key);
      pending.set(request, { key, version: options.version(), hit: cached !== undefined });
      if (cached) setResult(cached);
    },
    onExecutionResult({ request, result }) {
      const entry = pending.get(request);
      // Without a cache there is nothing to keep, and sizing the answer would stringify it once more.
      if (options.ttlSeconds === 0 || !entry || entry.hit || !result || Array.isArray(result) || isAsyncIterable(result) || (result.errors?.length ?? 0) > 0) return;
      cache.set(entry.key, result, entry.version, JSON.stringify(result).length);
    },
    async onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method !== 'GET' || !pending.has(request) || response.status !== 200) return;
      if (!/json/.test(response.headers.get('content-type') ?? '')) return;
      const body = await response.text();
      const etag = `"${digest(body).slice(0, 32)}"`;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('etag', etag);
      headers.set('cache-control', 'private, no-cache');
      headers.append('vary', 'Authorization');
      if (matches(request.headers.get('if-none-match'), etag)) {
        headers.delete('content-type');
        headers.delete('content-length');
        setResponse(new fetchAPI.Response(null, { status: 304, headers }));
      } else {
        setResponse(new fetchAPI.Response(body, { status: 200, headers }));
      }
    },
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** If-None-Match: `*`, or a list of tags, weak ones (W/"…") compared by their value. */
function matches(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
