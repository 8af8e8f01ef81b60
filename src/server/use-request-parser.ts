/**
 * What a request to /graphql may be, checked before anything runs. Each refusal is a 4xx with a
 * stable code and a message that quotes nothing of what was sent:
 * - a GET with the operation in the query string (yoga runs no mutation over GET), or a POST with a
 *   JSON body (`Content-Type: application/json`). Form, multipart and text bodies get 415
 *   UNSUPPORTED_MEDIA_TYPE, however they are framed: a cross-site HTML form can send those without
 *   a CORS preflight, and with no token defined the caller is ADMIN.
 * - `Content-Encoding: gzip` or none (415 otherwise); at most `maxBytes` bytes, read and inflated
 *   (413 BODY_TOO_LARGE), counted while reading when there is no Content-Length.
 * - JSON that parses, and GET `variables`/`extensions` that parse (400 BAD_REQUEST, also for a body
 *   cut short by the client).
 * - no NUL character in the document or any variable (400 BAD_REQUEST): PostgreSQL text cannot hold one.
 */
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { apiError } from '../errors.js';
import { errorResponse } from './http-error.js';

const inflate = promisify(gunzip);

const JSON_TYPES = ['application/json', 'application/graphql+json'];
const GZIP = ['gzip', 'x-gzip'];
const IDENTITY = ['', 'identity'];

const mediaType = (request: Request) => (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
const encodingOf = (request: Request) => (request.headers.get('content-encoding') ?? '').trim().toLowerCase();

const badRequest = (message: string) => apiError('BAD_REQUEST', message, { status: 400 });

export function useRequestParser(options: { maxBytes: number; graphqlEndpoint: string }): Plugin {
  const tooLarge = () => apiError('BODY_TOO_LARGE', `Request body exceeds ${options.maxBytes} bytes`, { status: 413 });
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== options.graphqlEndpoint || request.method !== 'POST') return;
      if (!JSON_TYPES.includes(mediaType(request))) {
        endResponse(
          errorResponse(fetchAPI, 415, 'UNSUPPORTED_MEDIA_TYPE', 'A POST body must be JSON (Content-Type: application/json)', { accept: 'application/json' }),
        );
        return;
      }
      const encoding = encodingOf(request);
      if (!IDENTITY.includes(encoding) && !GZIP.includes(encoding)) {
        endResponse(errorResponse(fetchAPI, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding may be gzip, or none', { 'accept-encoding': 'gzip' }));
        return;
      }
      if (Number(request.headers.get('content-length') ?? Number.NaN) > options.maxBytes) {
        endResponse(errorResponse(fetchAPI, 413, 'BODY_TOO_LARGE', tooLarge().message));
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method === 'GET') setRequestParser(async (req) => parseSearchParams(new URL(req.url).searchParams));
      else if (request.method === 'POST') setRequestParser(async (req) => parseBody(await readBody(req, options.maxBytes, tooLarge)));
    },
    onParams({ params, setResult }) {
      const escapedInDocument = typeof params.query === 'string' && /\\u0000|\\u\{0+\}/i.test(params.query);
      if (escapedInDocument || hasNul(params.query) || hasNul(params.variables) || hasNul(params.operationName))
        setResult({ errors: [badRequest('NUL characters (U+0000) are not allowed in a document or its variables')] });
    },
  };
}

/** The body as text: read capped at `maxBytes`, then inflated (capped too) when it is gzip. */
async function readBody(request: Request, maxBytes: number, tooLarge: () => Error): Promise<string> {
  let raw: Buffer | null;
  try {
    raw = await readCappedBytes(request, maxBytes);
  } catch {
    throw badRequest('The request body could not be read in full');
  }
  if (raw === null) throw tooLarge();
  if (!GZIP.includes(encodingOf(request))) return raw.toString('utf8');
  try {
    return (await inflate(raw, { maxOutputLength: maxBytes })).toString('utf8');
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw badRequest('The request body is not valid gzip');
  }
}

function parseBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object {"query": …}');
  return body as Record<string, unknown>;
}

function parseSearchParams(search: URLSearchParams) {
  const json = (name: string): unknown => {
    const text = search.get(name);
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw badRequest(`The ${name} parameter is not valid JSON`);
    }
  };
  return {
    query: search.get('query') ?? undefined,
    operationName: search.get('operationName') ?? undefined,
    variables: json('variables') as Record<string, unknown> | undefined,
    extensions: json('extensions') as Record<string, unknown> | undefined,
  };
}

/** A NUL in any string of a value, keys included. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([key, inner]) => hasNul(key) || hasNul(inner));
  return false;
}

/** A request body as bytes, or null when it is longer than `maxBytes` (reading stops there). */
export async function readCappedBytes(request: Request, maxBytes: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A request body as text, or null when it is longer than `maxBytes`. */
export async function readCapped(request: Request, maxBytes: number): Promise<string | null> {
  return (await readCappedBytes(request, maxBytes))?.toString('utf8') ?? null;
}
