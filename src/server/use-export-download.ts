/**
 * `POST /export` with `{"sessionId": "<uuid>"}`: the session's records as an NDJSON download, one
 * record per line (`{"recordType":"telemetryEvent",…}`), then `{"recordType":"summary",…}` with the
 * counts. Streamed page by page, so any size is served in flat memory; a download cut short has no
 * summary line. The id travels in the body, never in the URL, so no access log can keep it.
 * Authentication and scope (INGEST or ADMIN) are use-auth.ts's, before this runs.
 */
import { readCapped } from './use-request-parser.js';
import type { Plugin } from 'graphql-yoga';
import { PATTERNS } from '../ingestion/contract.js';
import { errorResponse } from './http-error.js';

export const EXPORT_PATH = '/export';
const MAX_REQUEST_BYTES = 4096;

export function useExportDownload(options: {
  stream(sessionId: string): AsyncGenerator<object>;
  onError(error: unknown): void;
}): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== EXPORT_PATH) return;
      if (request.method !== 'POST') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'POST' } }));
        return;
      }
      const sessionId = await sessionIdOf(request);
      if (sessionId === null) {
        endResponse(errorResponse(fetchAPI, 400, 'INVALID_SESSION_ID', 'Expected a JSON body {"sessionId": "<uuid>"}'));
        return;
      }
      const records = options.stream(sessionId);
      const encoder = new TextEncoder();
      const body = new fetchAPI.ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            // Up to 100 lines per chunk: fewer, larger writes.
            const lines: string[] = [];
            for (let i = 0; i < 100; i += 1) {
              const next = await records.next();
              if (next.done) break;
              lines.push(`${JSON.stringify(next.value)}\n`);
            }
            if (lines.length > 0) controller.enqueue(encoder.encode(lines.join('')));
            else controller.close();
          } catch (error) {
            options.onError(error);
            controller.error(new Error('export failed'));
          }
        },
        async cancel() {
          await records.return(undefined);
        },
      });
      endResponse(
        new fetchAPI.Response(body, {
          status: 200,
          headers: {
            'content-type': 'application/x-ndjson; charset=utf-8',
            'content-disposition': 'attachment; filename="caro-session-export.ndjson"',
            'cache-control': 'no-store',
          },
        }),
      );
    },
  };
}

/** Never throws (an error out of onRequest would be answered with its stack trace). */
async function sessionIdOf(request: Request): Promise<string | null> {
  try {
    const text = await readCapped(request, MAX_REQUEST_BYTES);
    if (text === null) return null;
    const body: unknown = JSON.parse(text);
    const sessionId = (body as { sessionId?: unknown } | null)?.sessionId;
    return typeof sessionId === 'string' && PATTERNS.uuid.test(sessionId) ? sessionId.toLowerCase() : null;
  } catch {
    return null;
  }
}

