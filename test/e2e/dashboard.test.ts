import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { GENERAL_CHANNEL_ID } from '../../local/slack-emulator/state';
import { scaledRateLimits } from '../../local/rateScale';
import { eventually, startTestStack, TEST_SCALE, type TestStack } from '../helpers/e2e';

jest.setTimeout(90_000);

const API_KEY = 'dashboard-test-key';
const ARTIFACTS = join(__dirname, '..', 'artifacts');
const SCREENSHOT = join(ARTIFACTS, 'dashboard-overview.png');
const DOCS_SCREENSHOT = join(__dirname, '..', '..', 'docs', 'dashboard.png');
/** setTopic runs six jobs a second here (rates are per minute, and a test minute is a second), so a batch of 60 takes about ten seconds: long enough to watch. */
const SLOW_METHOD = 'conversations.setTopic';

let t: TestStack;
let browser: Browser;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  const rates = { ...JSON.parse(scaledRateLimits(TEST_SCALE)), [SLOW_METHOD]: 6 * 60 };
  t = await startTestStack({ env: { API_KEYS: API_KEY, SLACK_RATE_LIMITS: JSON.stringify(rates) } });
  // Debian's Chromium; never a downloaded browser.
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  // Cancel and delete ask for confirmation.
  page.on('dialog', (dialog) => void dialog.accept());
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

/** Submits a batch of slow jobs (no callbacks) and returns its ID. */
const slowBatch = async (size: number, tag: string): Promise<string> => {
  const jobs = Array.from({ length: size }, (_, i) => ({ method: SLOW_METHOD, args: { channel: GENERAL_CHANNEL_ID, topic: `${tag} ${i}` } }));
  const submitted = await t.request('/v1/jobs/batch', { body: { jobs } });
  expect(submitted.status).toBe(202);
  return submitted.body.batch_id;
};

/** How many jobs of a batch have ended, as its row on the Batches page says ("N / 60 ended …"). */
const endedShown = async (batchId: string): Promise<number> => {
  const text = await page.locator(`tr[data-batch="${batchId}"] [data-test=counts]`).textContent({ timeout: 10_000 });
  return Number(/^(\d+) \//.exec(text ?? '')?.[1] ?? Number.NaN);
};

const logIn = async (key: string) => {
  await page.fill('input[name=api-key]', key);
  await page.click('form.login button[type=submit]');
};

describe('dashboard in a real browser (Chromium)', () => {
  it('refuses a wrong key, then logs in with a valid one', async () => {
    // Prepare
    await page.goto(`${t.stack.apiUrl}/ui/`);

    // Act
    await logIn('not-a-key');
    // The answer comes back asynchronously: wait for the message, then read it.
    const message = page.locator('[data-test=login-message]');
    await message.filter({ hasText: /\S/ }).waitFor();
    const refusal = await message.textContent();
    await logIn(API_KEY);

    // Assess
    expect(refusal).toBe('This key was refused.');
    await page.locator('[data-test=queue-jobs]').waitFor();
    expect(await page.isVisible('#nav')).toBe(true);
  });

  it('shows the queues and waiting jobs on the overview, and writes a screenshot of it', async () => {
    // Prepare
    const batchId = await slowBatch(60, 'overview');

    // Act
    await page.goto(`${t.stack.apiUrl}/ui/#/`);
    await eventually(async () => (Number(await page.locator('[data-test=jobs-queued] .value').textContent()) > 0 ? true : undefined));
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    mkdirSync(join(DOCS_SCREENSHOT, '..'), { recursive: true });
    // The README's picture is refreshed on request only, so a test run leaves the tree as it was.
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') copyFileSync(SCREENSHOT, DOCS_SCREENSHOT);

    // Assess
    expect(await page.locator('[data-test=jobs-visible] .value').textContent()).toMatch(/^\d+$/);
    await t.request(`/v1/batches/${batchId}/cancel`, { method: 'POST' });
  });

  it('shows a running batch’s progress move', async () => {
    // Prepare
    const batchId = await slowBatch(60, 'progress');
    await page.goto(`${t.stack.apiUrl}/ui/#/batches`);
    const first = await eventually(async () => {
      const ended = await endedShown(batchId);
      return Number.isNaN(ended) ? undefined : ended;
    });

    // Act: the page polls by itself
    const later = await eventually(async () => {
      const ended = await endedShown(batchId);
      return ended > first ? ended : undefined;
    });

    // Assess
    expect(first).toBeLessThan(60);
    expect(later).toBeGreaterThan(first);
    expect(Number(await page.locator(`tr[data-batch="${batchId}"] [data-test=progress]`).getAttribute('aria-valuenow'))).toBeGreaterThan(first);
  });

  it('cancels a batch from its Cancel button', async () => {
    // Prepare: queued behind the batches before it, in the same method group
    const batchId = await slowBatch(60, 'cancel');
    await page.goto(`${t.stack.apiUrl}/ui/#/batches`);

    // Act
    await page.locator(`tr[data-batch="${batchId}"] [data-test=cancel-batch]`).click();

    // Assess
    const batch = await eventually(async () => {
      const now = await t.request(`/v1/batches/${batchId}`);
      return now.body.done ? now.body : undefined;
    });
    expect(batch.counts.cancelled).toBeGreaterThan(0);
    await page.locator(`tr[data-batch="${batchId}"] .badge.done`).waitFor();
  });

  it('opens a failed job from the job list, and redelivers its callback', async () => {
    // Prepare
    const submitted = await t.submit({ method: 'conversations.archive', args: { channel: 'C0MISSING01' } });
    const jobId = submitted.body.job_id as string;
    await t.callbackFor(jobId);
    await page.goto(`${t.stack.apiUrl}/ui/#/jobs?status=failed`);

    // Act: open it
    await page.locator(`a[href="#/jobs/${jobId}"]`).first().click();
    const error = await page.locator('[data-test=job-error]').textContent();

    // Act: redeliver
    await page.locator('[data-test=redeliver]').click();
    await eventually(async () => ((t.inbox.acknowledged().get(jobId)?.length ?? 0) >= 2 ? true : undefined));

    // Assess
    expect(error).toContain('channel_not_found');
    const deliveries = t.inbox.acknowledged().get(jobId) ?? [];
    expect(deliveries.map((delivery) => delivery.body.status)).toEqual(['failed', 'failed']);
    await eventually(async () => ((await page.locator('[data-test=callback-attempts]').textContent())?.includes('2 attempt') ? true : undefined));
    expect(await page.locator('[data-test=callback] .badge').textContent()).toBe('delivered');
  });

  it('ran without a Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
