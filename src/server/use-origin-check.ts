/**
 * Which web pages may call the API. A browser sends `Origin` with every cross-site POST (and with
 * same-origin ones), and the server is open to anything a page can make a browser send: with no
 * token defined the caller is ADMIN. So a request from a page whose origin is neither this server's
 * own (the Host it was sent to) nor listed in CORS_ORIGINS is refused (403) before it runs, and CORS
 * headers are given to listed origins only, without credentials (tokens travel in a header, never in
 * cookies). Requests without `Origin` (curl, the CLI, server-side clients) are not affected.
 */
import type { CORSOptions, Plugin } from 'graphql-yoga';
import { PUBLIC_PATHS } from './access.js';
import { errorResponse } from './http-error.js';

/** Whether `origin` (`scheme://host[:port]`) may call: listed, or the server's own (same host and port). */
export function isAllowedOrigin(origin: string, requestUrl: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  try {
    // Host only, not scheme: behind a TLS-terminating proxy the page is https and the request http.
    return new URL(origin).host === new URL(requestUrl).host;
  } catch {
    // "null" (sandboxed frames, file: pages) and garbage.
    return false;
  }
}

/** yoga's `cors` option: the listed origins get CORS headers, anyone else none. */
export function corsFor(allowed: readonly string[]): (request: Request) => CORSOptions {
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.includes(origin)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'content-encoding', 'if-none-match'],
      exposedHeaders: ['retry-after', 'etag'],
      maxAge: 600,
    };
  };
}

export function useOriginCheck(allowed: readonly string[]): Plugin {
  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      const origin = request.headers.get('origin');
      if (origin === null || PUBLIC_PATHS.includes(url.pathname) || isAllowedOrigin(origin, request.url, allowed)) return;
      endResponse(errorResponse(fetchAPI, 403, 'FORBIDDEN', 'Requests from this web origin are not allowed (CORS_ORIGINS lists those that are)'));
    },
  };
}
