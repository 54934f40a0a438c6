import { api, ApiError, storeKey } from '../api';
import { h } from '../dom';

/** Asks for an API key and keeps it only when the API accepts it. */
export const loginForm = (onLoggedIn: () => void, reason?: string): HTMLElement => {
  const input = h('input', { attrs: { type: 'password', name: 'api-key', autocomplete: 'off', 'data-lpignore': 'true', required: '', placeholder: 'API key', 'aria-label': 'API key' } });
  const message = h('p', { class: reason ? 'notice error' : 'notice', attrs: { role: 'alert', 'data-test': 'login-message' } }, reason ?? '');
  const submit = h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Log in');
  const form = h('form', { class: 'login card' }, h('h2', null, 'Log in'), h('p', { class: 'muted' }, 'An API key of this service (API_KEYS). It stays in this tab only.'), input, submit, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    submit.disabled = true;
    try {
      await api('/v1/overview', { key });
      storeKey(key);
      onLoggedIn();
    } catch (error) {
      message.className = 'notice error';
      message.textContent = error instanceof ApiError && error.status === 401 ? 'This key was refused.' : `Could not log in: ${(error as Error).message}`;
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => input.focus());
  return form;
};
