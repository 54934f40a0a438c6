import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { rateFor } from '../../lib/catalogue/catalogue';
import { FAULT_KINDS, FaultPlan, type FaultKind, type FaultOptions } from './faults';
import { METHOD_HANDLERS, type Params, type SlackBody } from './methods/index';
import { type BackgroundClient, SlidingWindowLimiter, startBackgroundClient } from './rateLimiter';
import { DEFAULT_SEED, WorkspaceState, type WorkspaceSeed } from './state';

export interface SlackEmulatorOptions {
  port?: number;
  host?: string;
  /** The bot token callers must present as `Authorization: Bearer …`. */
  token?: string;
  /** Per-method limits over a sliding window; `scale` 60 makes a minute last a second. `false` turns limits off. */
  rateLimits?: false | { scale?: number; perMinute?: Record<string, number> };
  faults?: FaultOptions;
  seed?: WorkspaceSeed;
  /** More workspaces besides the default one, each with its own token (default: EXTRA_WORKSPACES). */
  workspaces?: { seed: WorkspaceSeed; token: string }[];
  /** The Slack app whose OAuth install (`/oauth/v2/authorize`, `oauth.v2.access`) the emulator plays. */
  oauth?: { clientId: string; clientSecret: string };
}

/** Two more emulated workspaces: one the local stack registers from SLACK_BOT_TOKENS, one to install with "Add to Slack". */
export const EXTRA_WORKSPACES: { seed: WorkspaceSeed; token: string }[] = [
  { seed: { teamId: 'T0LOCAL002', teamName: 'Local Emulator Two', botUserId: 'U0BOT00002', extraUsers: 20, extraChannels: 10 }, token: 'xoxb-local-emulator-token-2' },
  { seed: { teamId: 'T0LOCAL003', teamName: 'Local Emulator Three', botUserId: 'U0BOT00003', extraUsers: 20, extraChannels: 10 }, token: 'xoxb-local-emulator-token-3' },
];

export const EMULATOR_OAUTH = { clientId: '1111111111.2222222222', clientSecret: 'local-emulator-client-secret' };

export interface EmulatorStats {
  calls: Record<string, number>;
  statuses: Record<string, number>;
  rateLimited: number;
  faults: Record<string, number>;
  /** Successful conversations.create calls by channel name: more than 1 would be a duplicate side effect. */
  created: Record<string, number>;
  /** Calls by team, then method: which token reached which workspace. */
  byTeam: Record<string, Record<string, number>>;
}

export interface SlackEmulator {
  /** Base URL for `SLACK_API_URL`, ending in `/api/`. */
  url: string;
  port: number;
  token: string;
  /** The default workspace (its token is `token`). */
  state: WorkspaceState;
  /** Every workspace's state by team ID, and its token. */
  workspaces: Map<string, { state: WorkspaceState; token: string }>;
  /** Slack's consent page, for SLACK_OAUTH_AUTHORIZE_URL. */
  authorizeUrl: string;
  oauth: { clientId: string; clientSecret: string };
  /** From now on, calls with this token are answered `token_revoked`. */
  revoke: (token: string) => void;
  stats: () => EmulatorStats;
  setFaults: (faults: FaultOptions | undefined) => void;
  script: (method: string, kinds: FaultKind[]) => void;
  /** Starts another client spending `perMinute` of a method's limit in the default workspace (0: none); returns the replaced one's counts. */
  background: (method: string, perMinute: number) => BackgroundClient['counts'];
  close: () => Promise<void>;
}

export const DEFAULT_EMULATOR_TOKEN = 'xoxb-local-emulator-token';
const MAX_BODY = 1024 * 1024;

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** A Slack error page as a proxy or load balancer serves it: HTML, with status 200. */
const HTML_ERROR_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Something went wrong</h1><p>Please try again.</p></body></html>';
const HUGE_CHUNK = 'x'.repeat(64 * 1024);

/**
 * Answers `head` padded to about `bytes` (`{…,"padding":"xxx…"}`), written chunk by chunk as the
 * socket drains, so the emulator never holds it whole; stops when the client hangs up.
 */
const streamPadded = (res: http.ServerResponse, head: SlackBody, bytes: number) => {
  let left = bytes;
  let closed = false;
  res.once('close', () => {
    closed = true;
  });
  res.on('error', () => undefined);
  const pump = () => {
    while (left > 0 && !closed) {
      const size = Math.min(left, HUGE_CHUNK.length);
      left -= size;
      if (!res.write(size === HUGE_CHUNK.length ? HUGE_CHUNK : HUGE_CHUNK.slice(0, size))) return void res.once('drain', pump);
    }
    if (!closed) res.end('"}');
  };
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.write(`${JSON.stringify(head).slice(0, -1)},"padding":"`);
  pump();
};

const parseParams = (url: URL, body: string, contentType: string): Params => {
  const params: Params = Object.fromEntries(url.searchParams);
  if (contentType.startsWith('application/json') && body !== '') {
    for (const [key, value] of Object.entries(JSON.parse(body) as Record<string, unknown>)) {
      params[key] = Array.isArray(value) ? value.join(',') : String(value);
    }
  } else if (body !== '') {
    Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
  }
  return params;
};

/** A Slack Web API look-alike over real HTTP, for local runs, tests and benchmarks. */
export const startSlackEmulator = async (options: SlackEmulatorOptions = {}): Promise<SlackEmulator> => {
  const token = options.token ?? DEFAULT_EMULATOR_TOKEN;
  const state = new WorkspaceState(options.seed ?? DEFAULT_SEED);
  const workspaces = new Map<string, { state: WorkspaceState; token: string }>([[state.teamId, { state, token }]]);
  for (const extra of options.workspaces ?? EXTRA_WORKSPACES) workspaces.set(extra.seed.teamId, { state: new WorkspaceState(extra.seed), token: extra.token });
  const byToken = new Map([...workspaces.values()].map((w) => [w.token, w.state]));
  const revoked = new Set<string>();
  const oauth = options.oauth ?? EMULATOR_OAUTH;
  /** Install codes handed out by the consent page, each good once. */
  const codes = new Map<string, { teamId: string; redirectUri: string; scope: string }>();
  const faults = new FaultPlan();
  faults.configure(options.faults);
  const limits = options.rateLimits === false ? undefined : options.rateLimits ?? {};
  const limiter = limits
    ? new SlidingWindowLimiter((method) => limits.perMinute?.[method] ?? rateFor(method), limits.scale ?? 1)
    : undefined;
  const timers = new Set<NodeJS.Timeout>();
  const backgrounds = new Map<string, BackgroundClient>();
  const background = (method: string, perMinute: number) => {
    const running = backgrounds.get(method);
    running?.stop();
    backgrounds.delete(method);
    if (limiter && perMinute > 0) backgrounds.set(method, startBackgroundClient(limiter, state.teamId, method, perMinute));
    return running?.counts ?? { taken: 0, refused: 0 };
  };
  const stats: EmulatorStats = { calls: {}, statuses: {}, rateLimited: 0, faults: {}, created: {}, byTeam: {} };
  const bump = (record: Record<string, number>, key: string) => {
    record[key] = (record[key] ?? 0) + 1;
  };

  const sendText = (res: http.ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}) => {
    bump(stats.statuses, String(status));
    res.writeHead(status, { 'content-type': contentType, ...headers });
    res.end(text);
  };
  const send = (res: http.ServerResponse, status: number, body: SlackBody | string, headers: Record<string, string> = {}) =>
    typeof body === 'string' ? sendText(res, status, 'text/html', body, headers) : sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  /** Slack's consent page, approved at once: back to the app with a one-time code for the chosen team. */
  const handleAuthorize = async (_req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const state = url.searchParams.get('state') ?? '';
    const team = url.searchParams.get('team') ?? [...workspaces.keys()].at(-1) ?? '';
    if (url.searchParams.get('client_id') !== oauth.clientId) return send(res, 400, { ok: false, error: 'invalid_client_id' });
    if (!/^https?:\/\//.test(redirectUri) || !workspaces.has(team)) return send(res, 400, { ok: false, error: 'bad_redirect_uri' });
    const code = `code-${randomUUID()}`;
    codes.set(code, { teamId: team, redirectUri, scope: url.searchParams.get('scope') ?? '' });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', state);
    res.writeHead(302, { location: back.toString() });
    res.end();
  };

  const oauthAccess = (params: Params): SlackBody => {
    if (params.client_id !== oauth.clientId || params.client_secret !== oauth.clientSecret) return { ok: false, error: 'invalid_client_id' };
    const grant = codes.get(params.code ?? '');
    if (!grant) return { ok: false, error: 'invalid_code' };
    codes.delete(params.code);
    if (params.redirect_uri !== undefined && params.redirect_uri !== grant.redirectUri) return { ok: false, error: 'bad_redirect_uri' };
    const workspace = workspaces.get(grant.teamId);
    if (!workspace) return { ok: false, error: 'invalid_code' };
    revoked.delete(workspace.token);
    return {
      ok: true,
      access_token: workspace.token,
      token_type: 'bot',
      scope: grant.scope,
      bot_user_id: workspace.state.botUserId,
      app_id: 'A0LOCALAPP1',
      team: { id: workspace.state.teamId, name: workspace.state.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  };

  const handleAdmin = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
    switch (`${req.method} ${url.pathname}`) {
      case 'GET /_emulator/stats':
        return reply(200, stats);
      case 'POST /_emulator/revoke':
        revoked.add(String(body.token ?? ''));
        return reply(200, { ok: true });
      case 'POST /_emulator/faults':
        faults.configure(body.rate ? (body as FaultOptions) : undefined);
        return reply(200, { ok: true });
      case 'POST /_emulator/background':
        if (typeof body.method !== 'string' || typeof body.perMinute !== 'number') return reply(400, { ok: false, error: 'method and perMinute are required' });
        return reply(200, { ok: true, previous: background(body.method, body.perMinute) });
      case 'POST /_emulator/script': {
        const kinds = (body.faults ?? []) as FaultKind[];
        if (typeof body.method !== 'string' || kinds.some((k) => !FAULT_KINDS.includes(k))) {
          return reply(400, { ok: false, error: `faults must be among ${FAULT_KINDS.join(', ')}` });
        }
        faults.script(body.method, kinds);
        return reply(200, { ok: true });
      }
      default:
        return reply(404, { ok: false, error: 'unknown_admin_route' });
    }
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const method = url.pathname.slice('/api/'.length);
    if (method === 'oauth.v2.access') {
      bump(stats.calls, method);
      return send(res, 200, oauthAccess(parseParams(url, await readBody(req), req.headers['content-type'] ?? '')));
    }
    const handler = METHOD_HANDLERS[method];
    if (!handler) return send(res, 404, { ok: false, error: 'unknown_method' });
    bump(stats.calls, method);
    const body = await readBody(req);
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth) return send(res, 200, { ok: false, error: 'not_authed' });
    if (revoked.has(auth[1])) return send(res, 200, { ok: false, error: 'token_revoked' });
    const state = byToken.get(auth[1]);
    if (!state) return send(res, 200, { ok: false, error: 'invalid_auth' });
    stats.byTeam[state.teamId] ??= {};
    bump(stats.byTeam[state.teamId], method);

    if (limiter) {
      const taken = limiter.take(state.teamId, method);
      if (!taken.allowed) {
        stats.rateLimited += 1;
        return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))) });
      }
    }
    const fault = faults.next(method);
    if (fault) bump(stats.faults, fault);
    switch (fault) {
      case 'http_500':
        return send(res, 500, '<html><body>Internal Server Error</body></html>');
      case 'http_503':
        return send(res, 503, '<html><body>Service Unavailable</body></html>');
      case 'internal_error':
        return send(res, 200, { ok: false, error: 'internal_error' });
      case 'ratelimited':
        stats.rateLimited += 1;
        return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      case 'ratelimited_no_retry_after':
        stats.rateLimited += 1;
        return send(res, 429, { ok: false, error: 'ratelimited' });
      case 'hang':
        // Never does the work; answers long after any sane client timeout.
        return later(faults.hangMs, () => send(res, 503, 'timeout'));
      case 'html_200':
        return send(res, 200, HTML_ERROR_PAGE);
      case 'invalid_json':
        return sendText(res, 200, 'application/json; charset=utf-8', '{"ok":true,"channel":{"id":');
      case 'empty_body':
        return sendText(res, 200, 'application/json; charset=utf-8', '');
      default:
        break;
    }
    let params: Params;
    try {
      params = parseParams(url, body, req.headers['content-type'] ?? '');
    } catch {
      return send(res, 200, { ok: false, error: 'invalid_json' });
    }
    const apply = () => {
      const result = handler(state, params);
      if (result.ok && method === 'conversations.create') bump(stats.created, params.name);
      return result;
    };
    if (fault === 'hang_after') {
      apply();
      return later(faults.hangMs, () => send(res, 503, 'timeout'));
    }
    if (fault === 'huge_after') {
      bump(stats.statuses, '200');
      return streamPadded(res, apply(), faults.hugeBytes);
    }
    if (fault === 'slow') later(faults.slowMs, () => send(res, 200, apply()));
    else send(res, 200, apply());
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const route = url.pathname.startsWith('/_emulator/')
      ? handleAdmin
      : url.pathname.startsWith('/api/')
        ? handleApi
        : url.pathname === '/oauth/v2/authorize'
          ? handleAuthorize
          : undefined;
    if (!route) return send(res, 404, { ok: false, error: 'unknown_method' });
    route(req, res, url).catch(() => {
      if (!res.headersSent) send(res, 400, { ok: false, error: 'invalid_form_data' });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/api/`,
    port,
    token,
    state,
    workspaces,
    authorizeUrl: `http://${options.host ?? '127.0.0.1'}:${port}/oauth/v2/authorize`,
    oauth,
    revoke: (revokedToken) => revoked.add(revokedToken),
    stats: () => structuredClone(stats),
    setFaults: (next) => faults.configure(next),
    script: (method, kinds) => faults.script(method, kinds),
    background,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const client of backgrounds.values()) client.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
