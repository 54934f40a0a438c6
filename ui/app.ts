import { forgetKey, storedKey, whenUnauthorized } from './api';
import { fill, h } from './dom';
import { describeError, type Page } from './page';
import { batchPage, batchesPage } from './pages/batches';
import { dlqPage } from './pages/dlq';
import { jobPage } from './pages/job';
import { jobsPage } from './pages/jobs';
import { loginForm } from './pages/login';
import { overviewPage } from './pages/overview';

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
let timer: number | undefined;
/** Bumped on every navigation: a refresh of a page no longer shown is dropped. */
let generation = 0;

/** `#/jobs/<id>?x=y` → the page it names. */
const pageFor = (hash: string): { page: Page; section: string } => {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(search);
  const [section = '', id] = path.split('/').map(decodeURIComponent);
  if (section === 'batches') return { page: id ? batchPage(id, params) : batchesPage(), section };
  if (section === 'jobs') return { page: id ? jobPage(id) : jobsPage(params), section };
  if (section === 'dlq') return { page: dlqPage(), section };
  return { page: overviewPage(), section: 'overview' };
};

const stop = () => {
  generation += 1;
  if (timer !== undefined) window.clearTimeout(timer);
  timer = undefined;
};

const showLogin = (reason?: string) => {
  stop();
  nav.hidden = true;
  document.title = 'Log in · slack-conversations-queue';
  fill(main, loginForm(route, reason));
};

/** Shows the page the address names and keeps it live: the next refresh starts when the last one ends. */
function route(): void {
  if (!storedKey()) {
    showLogin();
    return;
  }
  stop();
  const mine = generation;
  const { page, section } = pageFor(location.hash);
  nav.hidden = false;
  for (const item of nav.querySelectorAll('a')) item.classList.toggle('current', item.dataset.page === section);
  document.title = `${page.title} · slack-conversations-queue`;
  const problem = h('p', { class: 'notice error', attrs: { role: 'alert' } });
  fill(main, problem, page.element);
  const tick = async () => {
    try {
      await page.refresh();
      if (mine === generation) problem.textContent = '';
    } catch (error) {
      if (mine === generation) problem.textContent = describeError(error);
    }
    if (mine === generation && page.pollMs) timer = window.setTimeout(tick, page.pollMs);
  };
  void tick();
}

whenUnauthorized(() => {
  forgetKey();
  showLogin('The API key was refused: log in again.');
});
document.getElementById('logout')?.addEventListener('click', () => {
  forgetKey();
  showLogin();
});
window.addEventListener('hashchange', route);
route();
