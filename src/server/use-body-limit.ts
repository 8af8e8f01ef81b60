/**
 * Refuses request bodies over `maxBytes` with HTTP 413 before they are parsed: by Content-Length when
 * the client sends one, and by counting while reading a chunked body.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';

export function useBodyLimit(maxBytes: number): Plugin {
  const tooLarge = () =>
    createGraphQLError(`Request body exceeds ${maxBytes} bytes`, {
      extensions: { code: 'BODY_TOO_LARGE', http: { status: 413 } },
    });
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const length = Number(request.headers.get('content-length') ?? Number.NaN);
      if (length > maxBytes) {
        endResponse(
          new fetchAPI.Response(JSON.stringify({ errors: [{ message: tooLarge().message, extensions: { code: 'BODY_TOO_LARGE' } }] }), {
            status: 413,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
    },
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || request.headers.has('content-length') || !request.body) return;
      setRequestParser(async (req) => {
        const text = await readCapped(req, maxBytes);
        if (text === null) throw tooLarge();
        return JSON.parse(text);
      });
    },
  };
}

/** A request body as text, or null when it is longer than `maxBytes` (reading stops there). */
export async function readCapped(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return null;
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
  return Buffer.concat(chunks).toString('utf8');
}
