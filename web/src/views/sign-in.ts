/** Sign-in: asks for a token when the server needs one (401) or a stronger one (403). */
import { html } from 'lit-html';
import { token, type SignInNeeded } from '../api/client.js';
import type { View } from './view.js';

export function signInView(error: SignInNeeded, done: () => void): View {
  const forbidden = error.status === 403 || error.code === 'FORBIDDEN';
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = String(new FormData(event.target as HTMLFormElement).get('token') ?? '').trim();
    if (!value) return;
    token.set(value);
    done();
  };
  return {
    title: 'Sign in',
    body: html`
      <h1 tabindex="-1">Sign in</h1>
      <form class="sign-in" @submit=${submit}>
        <p>${forbidden
          ? 'This needs a token with a wider scope: sign in with an ADMIN token.'
          : token.get()
            ? 'The server refused this token (it may be revoked). Sign in with another.'
            : 'This server needs an API token. Sign in with a READ token (or an ADMIN token to manage silences).'}</p>
        <p class="muted">The server says: ${error.message}</p>
        <label>API token <input name="token" type="password" autocomplete="off" spellcheck="false" required /></label>
        <button type="submit">Sign in</button>
        <p class="muted">The token is kept in this tab only (sessionStorage) and sent to this server alone.</p>
      </form>
    `,
  };
}
