/**
 * The page: a hash router over five views, each loaded with one GraphQL request and rendered with
 * lit-html. Everything it loads comes from this server.
 */
import { html, nothing, render } from 'lit-html';
import { SignInNeeded, token } from './api/client.js';
import { href, parseRoute, type Page, type Route } from './router.js';
import './styles.css';
import { alertsView } from './views/alerts.js';
import { dashboardView } from './views/dashboard.js';
import { explorerView } from './views/explorer.js';
import { homeView } from './views/home.js';
import { reportView } from './views/report.js';
import { signInView } from './views/sign-in.js';
import type { View, ViewContext } from './views/view.js';

const VIEWS: Record<Page, (context: ViewContext) => Promise<View>> = {
  home: () => homeView(),
  dashboard: ({ route }) => dashboardView(route),
  metrics: ({ route }) => explorerView(route),
  alerts: (context) => alertsView(context),
  report: ({ route }) => reportView(route),
};

const NAV: [Page, string][] = [
  ['home', 'Home'],
  ['dashboard', 'Dashboards'],
  ['metrics', 'Metrics'],
  ['alerts', 'Alerts'],
  ['report', 'Weekly report'],
];

/** Set by the server in development: where GraphiQL is. */
const graphiql = document.querySelector<HTMLMetaElement>('meta[name="caro-graphiql"]')?.content;
const root = document.getElementById('app')!;
// lit renders beside what is there: the static "Loading…" goes first.
root.replaceChildren();
let shown = 0;
let lastPage: string | null = null;
let message = '';

function layout(route: Route, main: unknown, busy: boolean) {
  const focusMain = () => (document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main'))?.focus();
  return html`
    <button type="button" class="skip" @click=${focusMain}>Skip to content</button>
    <header class="top">
      <a class="brand" href="#/">Caro Metrics</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(([page, label]) => html`<li><a href=${href(page)} aria-current=${route.page === page ? 'page' : nothing}>${label}</a></li>`)}
          ${graphiql ? html`<li><a href=${graphiql}>GraphiQL</a></li>` : nothing}
          ${token.get() ? html`<li><button type="button" class="link" @click=${signOut}>Sign out</button></li>` : nothing}
        </ul>
      </nav>
    </header>
    <main id="main" tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>${main}</main>
    <div class="sr-only" role="status" aria-live="polite">${message}</div>
  `;
}

function signOut() {
  token.clear();
  void show();
}

const context = (route: Route): ViewContext => ({
  route,
  refresh: () => void show(),
  signIn: (error) => {
    draw(route, signInView(error, () => void show()));
    document.querySelector<HTMLElement>('main h1')?.focus();
  },
  announce: (text) => {
    message = text;
    void show();
  },
});

let drawn = 0;
function draw(route: Route, view: View, busy = false) {
  document.title = `${view.title} · Caro Metrics`;
  render(layout(route, view.body, busy), root);
  if (busy) return;
  // Read by the tests (a view has rendered) and by the first-render measurement.
  performance.mark('caro:rendered', { detail: `${route.page}/${route.id ?? ''}` });
  document.documentElement.dataset.rendered = String(++drawn);
}

async function show(): Promise<void> {
  const route = parseRoute(location.hash);
  const ticket = ++shown;
  // A new view replaces the page; a changed window or week keeps the page and the focus where they are.
  const newPage = `${route.page}/${route.id ?? ''}` !== lastPage;
  if (newPage) draw(route, { title: 'Loading', body: html`<p class="loading">Loading…</p>` }, true);
  else document.getElementById('main')?.setAttribute('aria-busy', 'true');
  let view: View;
  try {
    view = await VIEWS[route.page](context(route));
  } catch (error) {
    if (ticket !== shown) return;
    if (error instanceof SignInNeeded) view = signInView(error, () => void show());
    else view = { title: 'Error', body: html`<h1 tabindex="-1">Something went wrong</h1><p class="error" role="alert">${error instanceof Error ? error.message : String(error)}</p>` };
  }
  if (ticket !== shown) return;
  draw(route, view);
  message = '';
  // Focus follows a move to another view; on the first load it stays at the top (the skip link is next).
  if (newPage && lastPage !== null) document.querySelector<HTMLElement>('main h1')?.focus();
  lastPage = `${route.page}/${route.id ?? ''}`;
}

addEventListener('hashchange', () => void show());
void show();
