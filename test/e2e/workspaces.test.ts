import { EXTRA_WORKSPACES } from '../../local/slack-emulator/server';
import { eventually, startTestStack, type TestStack } from '../helpers/e2e';

const DEFAULT_TEAM = 'T0LOCAL001';
const [TWO, THREE] = EXTRA_WORKSPACES;
const ADMIN = 'admin-key-for-workspaces';
const SCOPED = 'scoped-key-for-two';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { API_KEYS: `${ADMIN},${SCOPED}=${TWO.seed.teamId}` } });
});
afterAll(() => t.stop());

const as = (key: string) => ({ authorization: `Bearer ${key}` });
const emulator = () => t.stack.slack!;
const channelNames = (teamId: string) => [...emulator().workspaces.get(teamId)!.state.conversations.values()].map((c) => c.name);
const run = async (body: Record<string, unknown>, key = ADMIN) => {
  const submitted = await t.request('/v1/jobs', { body: { callback_url: t.inbox.url, ...body }, headers: as(key) });
  expect(submitted.status).toBe(202);
  return (await t.callbackFor(submitted.body.job_id)).body as Record<string, any>;
};

describe('the workspace registry', () => {
  it('lists the default workspace and the seeded one, never a token', async () => {
    // Act
    const res = await t.request('/v1/workspaces', { headers: as(ADMIN) });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ team_id: DEFAULT_TEAM, default: true, status: 'active', source: 'default' }),
        expect.objectContaining({ team_id: TWO.seed.teamId, team_name: 'Local Emulator Two', default: false, status: 'active', source: 'seed' }),
      ]),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/xox[a-z]-/);
  });

  it('registers a workspace whose token auth.test confirms, and refuses one that belongs to another team', async () => {
    // Act
    const wrongTeam = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'PUT', body: { bot_token: TWO.token }, headers: as(ADMIN) });
    const refused = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'PUT', body: { bot_token: 'xoxb-not-a-real-token' }, headers: as(ADMIN) });
    const registered = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'PUT', body: { bot_token: THREE.token }, headers: as(ADMIN) });
    const removed = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'DELETE', headers: as(ADMIN) });
    const gone = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { headers: as(ADMIN) });

    // Assess
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.body.error.details).toEqual([{ path: 'bot_token', message: `The token belongs to workspace ${TWO.seed.teamId}, not ${THREE.seed.teamId}` }]);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('Slack refused the token (invalid_auth)');
    expect(JSON.stringify([wrongTeam.body, refused.body, registered.body])).not.toMatch(/xox[a-z]-/);
    expect(registered).toMatchObject({ status: 200, body: { team_id: THREE.seed.teamId, team_name: 'Local Emulator Three', bot_user_id: THREE.seed.botUserId } });
    expect(removed).toMatchObject({ status: 200, body: { team_id: THREE.seed.teamId, deleted: true } });
    expect(gone.status).toBe(404);
  });

  it('keeps the default workspace, which SLACK_BOT_TOKEN names, from being removed', async () => {
    // Act
    const res = await t.request(`/v1/workspaces/${DEFAULT_TEAM}`, { method: 'DELETE', headers: as(ADMIN) });

    // Assess
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('workspace_is_default');
  });

  it('refuses a malformed registration before asking Slack', async () => {
    // Prepare
    const before = emulator().stats().calls['auth.test'] ?? 0;

    // Act
    const res = await t.request('/v1/workspaces/not-a-team', { method: 'PUT', body: { bot_token: 'nope', extra: 1 }, headers: as(ADMIN) });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['team_id', 'bot_token', 'extra']);
    expect(emulator().stats().calls['auth.test'] ?? 0).toBe(before);
  });
});

describe('jobs in several workspaces', () => {
  it('calls Slack with each workspace’s own token', async () => {
    // Act
    const inDefault = await run({ method: 'conversations.create', args: { name: 'ws-default-only' } });
    const inTwo = await run({ method: 'conversations.create', args: { name: 'ws-two-only' }, workspace: TWO.seed.teamId });

    // Assess
    expect(inDefault).toMatchObject({ status: 'succeeded', workspace: DEFAULT_TEAM });
    expect(inTwo).toMatchObject({ status: 'succeeded', workspace: TWO.seed.teamId });
    expect(channelNames(DEFAULT_TEAM)).toContain('ws-default-only');
    expect(channelNames(DEFAULT_TEAM)).not.toContain('ws-two-only');
    expect(channelNames(TWO.seed.teamId)).toContain('ws-two-only');
    expect(channelNames(TWO.seed.teamId)).not.toContain('ws-default-only');
  });

  it('refuses a workspace that is not registered, and one named in the wrong form', async () => {
    // Act
    const unknown = await t.request('/v1/jobs', { body: { method: 'conversations.info', args: { channel: 'C01GENERAL' }, workspace: 'T0NOTREG01' }, headers: as(ADMIN) });
    const malformed = await t.request('/v1/channels/ensure', { body: { name: 'x-ensure', workspace: 'default' }, headers: as(ADMIN) });

    // Assess
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'workspace', message: 'is not a registered workspace (PUT /v1/workspaces/{team_id})' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('workspace');
  });

  it('keeps one batch to one workspace', async () => {
    // Act
    const res = await t.request('/v1/jobs/batch', {
      body: { workspace: TWO.seed.teamId, jobs: [{ method: 'conversations.info', args: { channel: 'C01GENERAL' } }, { method: 'conversations.info', args: { channel: 'C02RANDOM0' }, workspace: DEFAULT_TEAM }] },
      headers: as(ADMIN),
    });

    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('jobs[1].workspace');
  });
});

describe('an API key scoped to one workspace', () => {
  it('submits to its workspace by default and may not name another', async () => {
    // Act
    const own = await run({ method: 'conversations.create', args: { name: 'scoped-own' } }, SCOPED);
    const other = await t.request('/v1/jobs', { body: { method: 'conversations.create', args: { name: 'scoped-other' }, workspace: DEFAULT_TEAM }, headers: as(SCOPED) });

    // Assess
    expect(own).toMatchObject({ status: 'succeeded', workspace: TWO.seed.teamId });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('workspace_forbidden');
    expect(channelNames(DEFAULT_TEAM)).not.toContain('scoped-other');
  });

  it('cannot see, cancel or redeliver another workspace’s job, nor tell it from a missing one', async () => {
    // Prepare
    const admins = await t.request('/v1/jobs/batch', {
      body: { callback_url: t.inbox.url, jobs: [{ method: 'conversations.info', args: { channel: 'C01GENERAL' } }] },
      headers: as(ADMIN),
    });
    const jobId = admins.body.jobs[0].job_id;
    const batchId = admins.body.batch_id;
    await t.callbackFor(jobId);

    // Act
    const seen = await t.request(`/v1/jobs/${jobId}`, { headers: as(SCOPED) });
    const missing = await t.request('/v1/jobs/00000000-0000-4000-8000-000000000000', { headers: as(SCOPED) });
    const cancel = await t.request(`/v1/jobs/${jobId}/cancel`, { method: 'POST', headers: as(SCOPED) });
    const redeliver = await t.request(`/v1/jobs/${jobId}/callback/redeliver`, { method: 'POST', headers: as(SCOPED) });
    const batch = await t.request(`/v1/batches/${batchId}`, { headers: as(SCOPED) });
    const batchCancel = await t.request(`/v1/batches/${batchId}/cancel`, { method: 'POST', headers: as(SCOPED) });
    const adminSees = await t.request(`/v1/jobs/${jobId}`, { headers: as(ADMIN) });

    // Assess
    expect(seen.status).toBe(404);
    expect(seen.body.error).toEqual({ ...missing.body.error, message: seen.body.error.message });
    expect(seen.body.error.code).toBe('job_not_found');
    for (const res of [cancel, redeliver]) expect(res.body.error.code).toBe('job_not_found');
    for (const res of [batch, batchCancel]) expect(res.body.error.code).toBe('batch_not_found');
    expect(adminSees.status).toBe(200);
  });

  it('sees only its workspaces and may not change the registry', async () => {
    // Act
    const list = await t.request('/v1/workspaces', { headers: as(SCOPED) });
    const put = await t.request(`/v1/workspaces/${TWO.seed.teamId}`, { method: 'PUT', body: { bot_token: TWO.token }, headers: as(SCOPED) });
    const del = await t.request(`/v1/workspaces/${TWO.seed.teamId}`, { method: 'DELETE', headers: as(SCOPED) });

    // Assess
    expect(list.body.workspaces.map((w: { team_id: string }) => w.team_id)).toEqual([TWO.seed.teamId]);
    expect(put.status).toBe(403);
    expect(del.status).toBe(403);
    expect(put.body.error.code).toBe('forbidden');
  });
});

describe('Slack’s OAuth v2 install', () => {
  const install = async (team: string) => {
    const start = await fetch(`${t.stack.apiUrl}/slack/install?team=${team}`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('scq-oauth-state='))!.split(';')[0];
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    return { start, cookie, redirect: consent.headers.get('location')! };
  };

  it('installs a workspace through the consent page and registers its token', async () => {
    // Act
    const { start, cookie, redirect } = await install(THREE.seed.teamId);
    const done = await fetch(redirect, { headers: { cookie } });

    // Assess
    expect(start.status).toBe(302);
    expect(new URL(start.headers.get('location')!).searchParams.get('client_id')).toBe(emulator().oauth.clientId);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Local Emulator Three');
    expect(done.headers.getSetCookie()[0]).toMatch(/^scq-oauth-state=;.*Max-Age=0/);
    const listed = await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { headers: as(ADMIN) });
    expect(listed.body).toMatchObject({ team_id: THREE.seed.teamId, source: 'oauth', status: 'active' });
    expect(await run({ method: 'conversations.create', args: { name: 'installed-three' }, workspace: THREE.seed.teamId })).toMatchObject({ status: 'succeeded' });
  });

  it('refuses an install whose consent was narrowed to fewer scopes', async () => {
    // Prepare: the consent URL's scope edited on its way to Slack.
    await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'DELETE', headers: as(ADMIN) });
    const start = await fetch(`${t.stack.apiUrl}/slack/install?team=${THREE.seed.teamId}`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0].split(';')[0];
    const narrowed = new URL(start.headers.get('location')!);
    narrowed.searchParams.set('scope', 'channels:read');
    const consent = await fetch(narrowed, { redirect: 'manual' });

    // Act
    const done = await fetch(consent.headers.get('location')!, { headers: { cookie } });

    // Assess
    expect(done.status).toBe(400);
    expect(await done.text()).toContain('did not grant channels:manage');
    expect((await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { headers: as(ADMIN) })).status).toBe(404);
  });

  it('refuses a forged state, a state from another browser, and registers nothing', async () => {
    // Prepare
    const { redirect } = await install(THREE.seed.teamId);
    const code = new URL(redirect).searchParams.get('code')!;
    const forged = new URL(redirect);
    forged.searchParams.set('state', 'forged.state.value');

    // Act
    const withForged = await fetch(forged, { headers: { cookie: 'scq-oauth-state=forged.state.value' } });
    const withoutCookie = await fetch(redirect);

    // Assess
    expect(withForged.status).toBe(400);
    expect(await withForged.text()).toContain('invalid or expired');
    expect(withoutCookie.status).toBe(400);
    expect(code).toMatch(/^code-/);
    expect((await t.request(`/v1/workspaces/${THREE.seed.teamId}`, { headers: as(ADMIN) })).status).toBe(404);
  });
});

describe('a workspace whose token Slack revoked', () => {
  it('is disabled by the first refusal, its queued jobs fail at once, and a new install enables it', async () => {
    // Prepare
    emulator().revoke(TWO.token);
    const before = emulator().stats().calls['conversations.info'] ?? 0;

    // Act
    const batch = await t.request('/v1/jobs/batch', {
      body: { workspace: TWO.seed.teamId, callback_url: t.inbox.url, jobs: Array.from({ length: 5 }, (_, i) => ({ method: 'conversations.info', args: { channel: `C0REVOKED${i}` } })) },
      headers: as(ADMIN),
    });
    const ended = await Promise.all(batch.body.jobs.map((job: { job_id: string }) => t.callbackFor(job.job_id)));
    const afterwards = await t.request('/v1/jobs', { body: { method: 'conversations.info', args: { channel: 'C01GENERAL' }, workspace: TWO.seed.teamId }, headers: as(ADMIN) });

    // Assess
    expect(ended.map((c) => c.body.error.code)).toEqual(Array(5).fill('token_revoked'));
    // Only the first reached Slack: the rest failed on the registry's word.
    expect((emulator().stats().calls['conversations.info'] ?? 0) - before).toBe(1);
    expect(afterwards.status).toBe(409);
    expect(afterwards.body.error.code).toBe('workspace_disabled');
    const listed = await t.request(`/v1/workspaces/${TWO.seed.teamId}`, { headers: as(ADMIN) });
    expect(listed.body).toMatchObject({ status: 'disabled', disabled_code: 'token_revoked' });

    // Act: installing again gives the workspace a working token.
    const start = await fetch(`${t.stack.apiUrl}/slack/install?team=${TWO.seed.teamId}`, { redirect: 'manual' });
    const cookie = start.headers.getSetCookie()[0].split(';')[0];
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    expect((await fetch(consent.headers.get('location')!, { headers: { cookie } })).status).toBe(200);

    // Assess
    await eventually(async () => ((await t.request(`/v1/workspaces/${TWO.seed.teamId}`, { headers: as(ADMIN) })).body.status === 'active' ? true : undefined));
    expect(await run({ method: 'conversations.info', args: { channel: 'C01GENERAL' }, workspace: TWO.seed.teamId })).toMatchObject({ status: 'succeeded' });
  });
});

describe('pacing per workspace', () => {
  it('finishes a small workspace’s jobs while another workspace works through a backlog', async () => {
    // Prepare: 300 creates for the default workspace are 15 s of work at ×60 (20 a second).
    const backlog = await t.request('/v1/jobs/batch', {
      body: { jobs: Array.from({ length: 300 }, (_, i) => ({ method: 'conversations.create', args: { name: `backlog-${i}` } })) },
      headers: as(ADMIN),
    });
    expect(backlog.status).toBe(202);

    // Act
    const small = await t.request('/v1/jobs/batch', {
      body: { workspace: TWO.seed.teamId, callback_url: t.inbox.url, jobs: Array.from({ length: 20 }, (_, i) => ({ method: 'conversations.create', args: { name: `small-${i}` } })) },
      headers: as(ADMIN),
    });
    await Promise.all(small.body.jobs.map((job: { job_id: string }) => t.callbackFor(job.job_id)));
    const backlogNow = await t.request(`/v1/batches/${backlog.body.batch_id}`, { headers: as(ADMIN) });

    // Assess: the small batch did not wait behind the backlog.
    expect(backlogNow.body.counts.succeeded).toBeLessThan(200);
    expect(emulator().stats().rateLimited).toBe(0);
    await t.request(`/v1/batches/${backlog.body.batch_id}/cancel`, { method: 'POST', headers: as(ADMIN) });
  });
});
