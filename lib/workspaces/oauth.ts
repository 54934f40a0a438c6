import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as slackOauth from '@slack/oauth';
import { JobsDomainError } from '../jobs/errors';
import { slackWebClient } from '../slack/slackClient';
import type { WorkspaceRegistry, WorkspaceView } from './registry';

/** The cookie that ties an OAuth `state` to the browser that started the install (CSRF). */
export const STATE_COOKIE = 'scq-oauth-state';
/** An install must be finished within this time. */
export const STATE_MAX_AGE_SECONDS = 600;

/** What the bot asks for: every conversations.* method of the catalogue, and nothing more. */
export const DEFAULT_BOT_SCOPES = [
  'channels:manage',
  'channels:read',
  'channels:history',
  'channels:join',
  'groups:write',
  'groups:read',
  'groups:history',
  'im:write',
  'im:read',
  'im:history',
  'mpim:write',
  'mpim:read',
  'mpim:history',
  'conversations.connect:write',
  'conversations.connect:manage',
  'conversations.connect:read',
];

export class InstallRefusedError extends JobsDomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('install_failed', message, undefined, options);
  }
}

export interface SlackInstallOptions {
  clientId: string;
  clientSecret: () => Promise<string>;
  stateSecret: () => Promise<string>;
  scopes: readonly string[];
  /** Slack's consent page (`https://slack.com/oauth/v2/authorize`; the emulator's locally). */
  authorizeUrl: string;
  apiUrl: string;
  timeoutMs: number;
  registry: Pick<WorkspaceRegistry, 'register'>;
  now?: () => Date;
}

const readCookie = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
};

/**
 * @slack/oauth is CommonJS and re-exports ClearStateStore through `export *`, which Node's ESM loader
 * cannot see as a named export: it is found on the module object either way.
 */
type OauthModule = typeof slackOauth & { default?: typeof slackOauth };
const ClearStateStore = (slackOauth as OauthModule).ClearStateStore ?? (slackOauth as OauthModule).default?.ClearStateStore;

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Slack's OAuth v2 install ("Add to Slack"): a signed, expiring `state` (@slack/oauth's
 * ClearStateStore) that must also match a cookie set on this browser, then `oauth.v2.access`, then
 * the bot token goes through the registry like any other (auth.test, vault, record).
 */
export const createSlackInstall = (options: SlackInstallOptions) => {
  const now = options.now ?? (() => new Date());
  const stateStore = async () => new ClearStateStore(await options.stateSecret(), STATE_MAX_AGE_SECONDS);

  /** Where to send the browser, and the cookie that binds the state to it. */
  const start = async (redirectUri: string, team?: string): Promise<{ location: string; state: string }> => {
    // A random part makes every state unique, so a leaked one cannot be replayed from another browser.
    const state = await (await stateStore()).generateStateParam({ scopes: [...options.scopes], metadata: randomBytes(12).toString('hex'), redirectUri }, now());
    const url = new URL(options.authorizeUrl);
    url.searchParams.set('client_id', options.clientId);
    url.searchParams.set('scope', options.scopes.join(','));
    url.searchParams.set('state', state);
    url.searchParams.set('redirect_uri', redirectUri);
    if (team !== undefined) url.searchParams.set('team', team);
    return { location: url.toString(), state };
  };

  /** Checks the state (signature, age, this browser's cookie), trades the code for a token, registers it. */
  const finish = async (query: Record<string, string | undefined>, cookieHeader: string | undefined, redirectUri: string): Promise<WorkspaceView> => {
    if (query.error !== undefined) throw new InstallRefusedError(`Slack did not install the app: ${query.error.slice(0, 100)}`);
    const { code, state } = query;
    if (!code || !state) throw new InstallRefusedError('The redirect carries no code or state');
    const cookie = readCookie(cookieHeader, STATE_COOKIE);
    if (cookie === undefined || !sameText(cookie, state)) throw new InstallRefusedError('The state does not match this browser’s install: start again from /slack/install');
    try {
      await (await stateStore()).verifyStateParam(now(), state);
    } catch (error) {
      throw new InstallRefusedError('The state is invalid or expired: start again from /slack/install', { cause: error });
    }
    const client = slackWebClient(undefined, options);
    let access: { access_token?: string; scope?: string; team?: { id?: string } | null; enterprise?: { id?: string } | null; is_enterprise_install?: boolean };
    try {
      access = await client.oauth.v2.access({ client_id: options.clientId, client_secret: await options.clientSecret(), code, redirect_uri: redirectUri });
    } catch (error) {
      // WebClient's error names Slack's code (invalid_code, bad_client_secret…) and never the secret.
      const slackCode = (error as { data?: { error?: string } }).data?.error ?? 'request_failed';
      throw new InstallRefusedError(`Slack refused the install code (${slackCode})`, { cause: error });
    }
    if (!access.access_token) throw new InstallRefusedError('Slack granted no bot token');
    // The consent URL's scope can be edited on its way: a token without the catalogue's scopes would fail its jobs.
    const granted = new Set((access.scope ?? '').split(',').filter((scope) => scope !== ''));
    const missing = options.scopes.filter((scope) => !granted.has(scope));
    if (missing.length > 0) throw new InstallRefusedError(`The install did not grant ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: install again with every scope`);
    const teamId = access.is_enterprise_install ? access.enterprise?.id : access.team?.id;
    return options.registry.register(teamId ?? undefined, access.access_token, 'oauth');
  };

  return { start, finish, cookieName: STATE_COOKIE, maxAgeSeconds: STATE_MAX_AGE_SECONDS };
};

export type SlackInstall = ReturnType<typeof createSlackInstall>;
