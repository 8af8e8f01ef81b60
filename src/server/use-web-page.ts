/**
 * Serves the web page (web/, built into web/dist by `npm install`) at `/` and its files under
 * `/assets/`. It runs before authentication: the page and its scripts hold no data, and every number
 * it shows comes through /graphql with the caller's token. A strict Content-Security-Policy lets the
 * page load and connect to this server only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'graphql-yoga';

export const WEB_DIST = join(import.meta.dirname, '../../web/dist');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};
const ASSET = /^\/assets\/([A-Za-z0-9_-]+\.(js|css|map))$/;

export interface WebPageOptions {
  /** The built page: index.html and assets/. */
  dist?: string;
  /** Reads the files again on every request (for `npm run web:build -- --watch`), and links GraphiQL. */
  development: boolean;
  graphqlEndpoint: string;
}

interface File {
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
}

export function useWebPage(options: WebPageOptions): Plugin {
  const dist = options.dist ?? WEB_DIST;
  let cache: Map<string, File> | null = null;

  /** Every file the page may load, by URL path; empty when the page is not built. */
  function files(): Map<string, File> {
    if (cache && !options.development) return cache;
    cache = new Map();
    try {
      const graphiql = options.development ? `<meta name="caro-graphiql" content="${options.graphqlEndpoint}" />` : '';
      const index = readFileSync(join(dist, 'index.html'), 'utf8').replace('<!-- development -->', graphiql);
      const page = {
        body: new TextEncoder().encode(index),
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY' },
      };
      cache.set('/', page).set('/index.html', page);
      for (const name of readdirSync(join(dist, 'assets'))) {
        const match = ASSET.exec(`/assets/${name}`);
        if (!match) continue;
        cache.set(match[0], {
          body: new Uint8Array(readFileSync(join(dist, 'assets', name))),
          // Names carry a content hash: a changed file is a new name.
          headers: { 'content-type': TYPES[match[2]!]!, 'cache-control': options.development ? 'no-cache' : 'public, max-age=31536000, immutable' },
        });
      }
    } catch {
      cache.clear();
    }
    return cache;
  }

  return {
    onRequest({ request, url, fetchAPI, endResponse }) {
      const path = url.pathname;
      if (path !== '/' && path !== '/index.html' && !path.startsWith('/assets/')) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      const file = files().get(path);
      if (!file) {
        const built = files().size > 0;
        const text = built ? 'Not found' : 'The web page is not built: run `npm run web:build` (npm install does it).';
        endResponse(new fetchAPI.Response(text, { status: built ? 404 : 503, headers: { ...COMMON_HEADERS, 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const headers = { ...COMMON_HEADERS, ...file.headers, 'content-length': String(file.body.byteLength) };
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : file.body, { status: 200, headers }));
    },
  };
}
