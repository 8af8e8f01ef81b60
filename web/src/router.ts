/**
 * Where the page is: `#/<page>/<id>?<params>`. The hash keeps every view on `/`, so the server serves
 * one page and no path of the page can shadow an endpoint of the API; the query part carries the
 * view's state (window, granularity, split, week), so a view can be shared and reloaded.
 */
export type Page = 'home' | 'dashboard' | 'metrics' | 'alerts' | 'report';

export interface Route {
  page: Page;
  /** A dashboard's or metric's id. */
  id: string | null;
  params: URLSearchParams;
}

const PATHS: Record<string, Page> = { '': 'home', dashboards: 'dashboard', metrics: 'metrics', alerts: 'alerts', report: 'report' };
const SEGMENT_OF: Record<Page, string> = { home: '', dashboard: 'dashboards', metrics: 'metrics', alerts: 'alerts', report: 'report' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [segment = '', id] = path.split('/');
  return { page: PATHS[segment] ?? 'home', id: id ? decodeURIComponent(id) : null, params: new URLSearchParams(query) };
}

/** The href of a view: `href('dashboard', 'growth', { w: '30d' })` → `#/dashboards/growth?w=30d`. */
export function href(page: Page, id: string | null = null, params: Record<string, string | null | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const path = `#/${SEGMENT_OF[page]}${id ? `/${encodeURIComponent(id)}` : ''}`;
  return query.size > 0 ? `${path}?${query}` : path;
}

/** The current route with some params changed (null removes one). */
export function withParams(route: Route, changes: Record<string, string | null>): string {
  const params: Record<string, string | null> = Object.fromEntries(route.params);
  return href(route.page, route.id, { ...params, ...changes });
}
