import { ApiError } from './api';
import { h } from './dom';

/** A page: its element, and how to bring it up to date (every `pollMs` while it is shown). */
export interface Page {
  title: string;
  element: HTMLElement;
  refresh: () => Promise<void>;
  pollMs?: number;
}

/** The live-update interval of the overview, batches and an unfinished job. */
export const POLL_MS = 2000;

/** A line that says what went wrong with the last action or refresh. */
export const notice = () => {
  const element = h('p', { class: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  return {
    element,
    show: (text: string, kind: 'error' | 'ok' = 'error') => {
      element.textContent = text;
      element.className = `notice ${kind}`;
    },
    clear: () => {
      element.textContent = '';
      element.className = 'notice';
    },
  };
};

export const describeError = (error: unknown): string =>
  error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);

/** A button that runs an action once at a time, reporting its outcome on `report`. */
export const actionButton = (label: string, action: () => Promise<string | undefined>, report: ReturnType<typeof notice>, options: { danger?: boolean; confirm?: string; testId?: string } = {}) => {
  const button = h('button', { class: options.danger ? 'danger' : 'primary', attrs: { type: 'button', ...(options.testId && { 'data-test': options.testId }) } }, label);
  button.addEventListener('click', async () => {
    if (options.confirm && !window.confirm(options.confirm)) return;
    button.disabled = true;
    try {
      const done = await action();
      if (done) report.show(done, 'ok');
    } catch (error) {
      report.show(describeError(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
};
