import type { TemplateResult } from 'lit-html';
import type { SignInNeeded } from '../api/client.js';
import type { Route } from '../router.js';

/** What a view renders: the document's title and the main content. */
export interface View {
  title: string;
  body: TemplateResult;
}

/** What a view may ask of the page after it rendered (its buttons and forms). */
export interface ViewContext {
  route: Route;
  /** Load and render the current view again. */
  refresh(): void;
  /** Show the sign-in form; after it, the view is loaded again. */
  signIn(error: SignInNeeded): void;
  /** Say something in the page's live region. */
  announce(message: string): void;
}
