import { parseApiKeys, matchingKey } from '../../lib/http/apiKeys';
import { createWorkspaceRegistry } from '../../lib/workspaces/registry';
import { createWorkspaceTokens } from '../../lib/workspaces/tokens';
import { createDefaultWorkspace } from '../../lib/workspaces/defaultWorkspace';
import { ledgerVault } from '../../lib/workspaces/vault';
import { parseSeedTokens } from '../../lib/workspaces/seed';
import type { AuthTest } from '../../lib/slack/authTest';
import type { Ledger } from '../../lib/ledger/ledger';
import { useTestLedger } from '../helpers/ledger';

const ledgers = useTestLedger();
let ledger: Ledger;
beforeEach(async () => {
  ledger = await ledgers.fresh();
});

const owners: Record<string, { team_id: string; team_name: string; bot_user_id: string }> = {
  'xoxb-one': { team_id: 'T0ONE00001', team_name: 'One', bot_user_id: 'U0BOT1' },
  'xoxb-two': { team_id: 'T0TWO00002', team_name: 'Two', bot_user_id: 'U0BOT2' },
  'xoxb-default': { team_id: 'T0DEF00000', team_name: 'Default', bot_user_id: 'U0BOT0' },
};
const authTest = (asked: string[] = []): AuthTest => async (token) => {
  asked.push(token);
  return owners[token] ? { kind: 'ok', owner: owners[token] } : { kind: 'refused', code: 'invalid_auth' };
};
const defaultWorkspace = async () => ({ teamId: 'T0DEF00000', token: 'xoxb-default' });
const registryWith = (auth: AuthTest = authTest()) =>
  createWorkspaceRegistry({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), authTest: auth, defaultWorkspace });

describe('API keys with workspace scopes', () => {
  it('reads admin keys and keys scoped to workspaces', () => {
    expect(parseApiKeys(['admin', 'scoped=T0ONE00001|T0TWO00002'])).toEqual([
      { key: 'admin', access: { kind: 'admin' } },
      { key: 'scoped', access: { kind: 'scoped', workspaces: ['T0ONE00001', 'T0TWO00002'] } },
    ]);
  });

  it('refuses a scope that looks meant but is malformed, by position, never echoing it', () => {
    expect(() => parseApiKeys(['ok', 'secret-value=T0ONE00001|X'])).toThrow('API_KEYS entry 2 must be key or key=T…|T… (at most 100 workspace IDs)');
    expect(() => parseApiKeys(['=T0ONE00001'])).toThrow(/entry 1/);
    expect(() => parseApiKeys([`k=${Array.from({ length: 101 }, (_, i) => `T0${String(i).padStart(6, '0')}`).join('|')}`])).toThrow(/at most 100/);
  });

  it('keeps a key with base64 padding or other `=` an admin key', () => {
    expect(parseApiKeys(['c2VjcmV0LWtleQ==', 'abc=def'])).toEqual([
      { key: 'c2VjcmV0LWtleQ==', access: { kind: 'admin' } },
      { key: 'abc=def', access: { kind: 'admin' } },
    ]);
  });

  it('matches a presented key against the key part only', () => {
    const keys = parseApiKeys(['admin', 'scoped=T0ONE00001']);
    expect(matchingKey('scoped', keys)?.access).toEqual({ kind: 'scoped', workspaces: ['T0ONE00001'] });
    expect(matchingKey('scoped=T0ONE00001', keys)).toBeUndefined();
  });
});

describe('resolving a submission’s workspace', () => {
  it('uses the named workspace, the key’s only one, or the default', async () => {
    // Prepare
    const registry = registryWith();
    await registry.register('T0ONE00001', 'xoxb-one', 'api');
    await registry.register('T0DEF00000', 'xoxb-default', 'api');

    // Act, Assess
    await expect(registry.resolve({ kind: 'admin' }, 'T0ONE00001')).resolves.toBe('T0ONE00001');
    await expect(registry.resolve({ kind: 'scoped', workspaces: ['T0ONE00001'] }, undefined)).resolves.toBe('T0ONE00001');
    await expect(registry.resolve({ kind: 'admin' }, undefined)).resolves.toBe('T0DEF00000');
  });

  it('refuses another workspace for a scoped key, an unknown one, and a key of several workspaces without a default in reach', async () => {
    // Prepare
    const registry = registryWith();
    await registry.register('T0ONE00001', 'xoxb-one', 'api');

    // Act, Assess
    await expect(registry.resolve({ kind: 'scoped', workspaces: ['T0TWO00002'] }, 'T0ONE00001')).rejects.toMatchObject({ code: 'workspace_forbidden' });
    await expect(registry.resolve({ kind: 'admin' }, 'T0NOPE0001')).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'workspace' }] });
    await expect(registry.resolve({ kind: 'scoped', workspaces: ['T0ONE00001', 'T0TWO00002'] }, undefined)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a disabled workspace until a new token is registered', async () => {
    // Prepare
    const registry = registryWith();
    const { token_version: version } = (await ledger.workspaces.put({ ...owners['xoxb-one'], token_version: 'v1', source: 'api' })) as { token_version: string };
    await ledger.workspaces.disable('T0ONE00001', 'token_revoked', version);

    // Act
    const refused = registry.resolve({ kind: 'admin' }, 'T0ONE00001');
    await expect(refused).rejects.toMatchObject({ code: 'workspace_disabled' });
    await registry.register('T0ONE00001', 'xoxb-one', 'api');

    // Assess
    await expect(registry.resolve({ kind: 'admin' }, 'T0ONE00001')).resolves.toBe('T0ONE00001');
  });
});

describe('registering a token', () => {
  it('refuses a token of another team or one Slack refuses, storing nothing', async () => {
    // Prepare
    const registry = registryWith();

    // Act, Assess
    await expect(registry.register('T0ONE00001', 'xoxb-two', 'api')).rejects.toMatchObject({ code: 'validation_failed', message: 'The token belongs to workspace T0TWO00002, not T0ONE00001' });
    await expect(registry.register('T0ONE00001', 'xoxb-bad', 'api')).rejects.toMatchObject({ message: 'Slack refused the token (invalid_auth)' });
    expect(await ledger.workspaces.list()).toEqual([]);
    expect(await ledger.workspaces.tokens.get('T0ONE00001')).toBeUndefined();
  });

  it('keeps the token out of the record a list reads', async () => {
    // Act
    await registryWith().register('T0ONE00001', 'xoxb-one', 'api');

    // Assess
    expect(JSON.stringify(await ledger.workspaces.list())).not.toContain('xoxb');
    expect(await ledger.workspaces.tokens.get('T0ONE00001')).toBe('xoxb-one');
  });
});

describe('the worker’s tokens', () => {
  it('grants the registered token, and nothing once disabled, until a new token comes', async () => {
    // Prepare
    const registry = registryWith();
    await registry.register('T0ONE00001', 'xoxb-one', 'api');
    const tokens = createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace });

    // Act
    const first = await tokens.grant('T0ONE00001');
    if (first.kind !== 'active') throw new Error('expected an active grant');
    const disabled = await tokens.disable('T0ONE00001', 'token_revoked', first.version);
    const afterDisable = await tokens.grant('T0ONE00001');
    await registry.register('T0ONE00001', 'xoxb-one', 'api');
    const afterNewToken = await tokens.grant('T0ONE00001');

    // Assess
    expect(first).toMatchObject({ kind: 'active', token: 'xoxb-one' });
    expect(disabled).toBe(true);
    expect(afterDisable).toEqual({ kind: 'disabled', code: 'token_revoked' });
    expect(afterNewToken).toMatchObject({ kind: 'active', token: 'xoxb-one' });
  });

  it('does not disable a workspace whose token was replaced since the call that failed', async () => {
    // Prepare
    const registry = registryWith();
    await registry.register('T0ONE00001', 'xoxb-one', 'api');
    const tokens = createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace });
    const old = await tokens.grant('T0ONE00001');
    await registry.register('T0ONE00001', 'xoxb-one', 'api');

    // Act
    const disabled = await tokens.disable('T0ONE00001', 'invalid_auth', old.kind === 'active' ? old.version : '');

    // Assess
    expect(disabled).toBe(false);
    expect((await ledger.workspaces.get('T0ONE00001'))?.status).toBe('active');
  });

  it('runs jobs queued before workspaces had names with the default token', async () => {
    const tokens = createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace });
    await expect(tokens.grant('default')).resolves.toMatchObject({ kind: 'active', token: 'xoxb-default' });
    await expect(tokens.grant('T0NOPE0001')).resolves.toEqual({ kind: 'missing' });
  });
});

describe('rotating SLACK_BOT_TOKEN', () => {
  it('keeps the default workspace enabled when an instance still holding the old token meets its revocation', async () => {
    // Prepare: two instances, one with the old token and one with the new, both of the same team.
    owners['xoxb-default-new'] = owners['xoxb-default'];
    const instance = (token: string) => {
      const defaultWorkspace = createDefaultWorkspace({ store: ledger.workspaces, authTest: authTest(), defaultToken: async () => token });
      return createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace });
    };
    // The API registered the default workspace with the old token (its first request).
    await createDefaultWorkspace({ store: ledger.workspaces, authTest: authTest(), defaultToken: async () => 'xoxb-default' })();
    const rotated = instance('xoxb-default-new');
    await rotated.grant('T0DEF00000');
    // An instance whose secret cache still holds the old token reads the record the new one wrote.
    const old = instance('xoxb-default');
    const oldGrant = await old.grant('T0DEF00000');

    // Act: the old token is revoked, and the instance holding it hears so from Slack.
    const disabled = await old.disable('T0DEF00000', 'token_revoked', oldGrant.kind === 'active' ? oldGrant.version : '');

    // Assess
    expect(disabled).toBe(false);
    expect(await rotated.grant('T0DEF00000')).toMatchObject({ kind: 'active', token: 'xoxb-default-new' });
  });

  it('does not ask Slack about the default token for another workspace’s jobs', async () => {
    // Prepare: a default token Slack refuses.
    const asked: string[] = [];
    await registryWith().register('T0ONE00001', 'xoxb-one', 'api');
    const defaultWorkspace = createDefaultWorkspace({ store: ledger.workspaces, authTest: authTest(asked), defaultToken: async () => 'xoxb-refused' });
    const tokens = createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace });

    // Act, Assess
    await expect(tokens.grant('T0ONE00001')).resolves.toMatchObject({ kind: 'active', token: 'xoxb-one' });
    expect(asked).toEqual([]);
    await expect(tokens.grant('default')).rejects.toMatchObject({ code: 'default_workspace_unavailable' });
    await expect(tokens.grant('default')).rejects.toMatchObject({ code: 'default_workspace_unavailable' });
    expect(asked).toEqual(['xoxb-refused']);
  });
});

describe('SLACK_BOT_TOKENS', () => {
  it('reads team IDs to tokens and refuses anything else without echoing it', () => {
    expect(parseSeedTokens('{"T0ONE00001":"xoxb-one"}')).toEqual({ T0ONE00001: 'xoxb-one' });
    expect(parseSeedTokens(undefined)).toEqual({});
    expect(() => parseSeedTokens('{"T0ONE00001":"not-a-token-xyz"}')).toThrow(/^SLACK_BOT_TOKENS must be JSON/);
    const thrown = (() => {
      try {
        parseSeedTokens('{"bad": "xoxb-secret-value"}');
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(thrown?.message).toMatch(/^SLACK_BOT_TOKENS must be JSON/);
    expect(thrown?.message).not.toContain('xoxb-secret-value');
  });
});
