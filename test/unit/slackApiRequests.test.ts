import { answerOfJob } from '../../lib/slackApi/answers';
import { coerceValue, fieldKinds, toJobArgs } from '../../lib/slackApi/args';
import { expectedWaitSeconds, createBacklog } from '../../lib/slackApi/backlog';
import { SlackApiRefusedError, SlackApiUnavailableError } from '../../lib/slackApi/errors';
import { resolveSlackWorkspace } from '../../lib/slackApi/workspace';
import { DefaultWorkspaceUnavailableError } from '../../lib/workspaces/defaultWorkspace';
import { readSlackParams, type SlackHttpRequest } from '../../lib/slackApi/params';
import { jobRequestOf, replayKey } from '../../lib/slackApi/submitCall';
import { pollDelay, waitForJob } from '../../lib/slackApi/waitForJob';
import type { JobRecord } from '../../lib/ledger/records';

const post = (rawBody: string, contentType?: string, query: Record<string, string> = {}): SlackHttpRequest => ({
  verb: 'POST',
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  query,
  rawBody,
});

describe('readSlackParams: Slack’s request forms', () => {
  it('reads a form body, over the query string', () => {
    expect(readSlackParams(post('name=acme-ops&is_private=true', 'application/x-www-form-urlencoded; charset=utf-8', { name: 'from-query', limit: '5' }))).toEqual({
      name: 'acme-ops',
      is_private: 'true',
      limit: '5',
    });
  });

  it('reads a JSON body with its types', () => {
    expect(readSlackParams(post('{"name":"acme-ops","is_private":true}', 'application/json; charset=utf-8'))).toEqual({ name: 'acme-ops', is_private: true });
  });

  it('reads a body without a content type as a form, and a GET from its query', () => {
    expect(readSlackParams(post('channel=C0123456789'))).toEqual({ channel: 'C0123456789' });
    expect(readSlackParams({ verb: 'GET', headers: {}, query: { channel: 'C0123456789', other: undefined }, rawBody: '' })).toEqual({ channel: 'C0123456789' });
  });

  it('refuses invalid JSON, a JSON array and multipart in Slack’s words', () => {
    const code = (request: SlackHttpRequest) => {
      try {
        readSlackParams(request);
        return 'read';
      } catch (error) {
        return error instanceof SlackApiRefusedError ? error.error : 'other';
      }
    };
    expect(code(post('{"name":', 'application/json'))).toBe('invalid_json');
    expect(code(post('[1,2]', 'application/json'))).toBe('invalid_json');
    expect(code(post('--x\r\n', 'multipart/form-data; boundary=x'))).toBe('invalid_form_data');
  });
});

describe('toJobArgs: a request’s fields as the catalogue’s arguments', () => {
  it('reads form strings as booleans and numbers where the schema takes them', () => {
    expect(toJobArgs('conversations.create', { name: 'acme-ops', is_private: 'true' })).toEqual({ ok: true, args: { name: 'acme-ops', is_private: true } });
    expect(toJobArgs('conversations.list', { limit: '200', exclude_archived: '1', types: 'public_channel, private_channel' })).toEqual({
      ok: true,
      args: { limit: 200, exclude_archived: true, types: 'public_channel,private_channel' },
    });
  });

  it('takes a list as Slack’s comma string, a JSON array string (what WebClient sends for an array) or an array', () => {
    const expected = { ok: true, args: { channel: 'C0123456789', users: ['U0123456789', 'U1234567890'] } };
    expect(toJobArgs('conversations.invite', { channel: 'C0123456789', users: 'U0123456789,U1234567890' })).toEqual(expected);
    expect(toJobArgs('conversations.invite', { channel: 'C0123456789', users: '["U0123456789","U1234567890"]' })).toEqual(expected);
    expect(toJobArgs('conversations.invite', { channel: 'C0123456789', users: ['U0123456789', 'U1234567890'] })).toEqual(expected);
  });

  it('reads an object argument sent as JSON text', () => {
    const result = toJobArgs('conversations.canvases.create', { channel_id: 'C0123456789', document_content: '{"type":"markdown","markdown":"# hi"}' });
    expect(result).toEqual({ ok: true, args: { channel_id: 'C0123456789', document_content: { type: 'markdown', markdown: '# hi' } } });
  });

  it('drops the token, empty values, and team_id where the method does not take it', () => {
    expect(toJobArgs('conversations.info', { token: 'k', channel: 'C0123456789', team_id: 'T0123456789', include_locale: '' })).toEqual({ ok: true, args: { channel: 'C0123456789' } });
    expect(toJobArgs('conversations.create', { name: 'acme', team_id: 'T0123456789' })).toEqual({ ok: true, args: { name: 'acme', team_id: 'T0123456789' } });
  });

  it('refuses what the schema refuses, with Slack’s [ERROR] messages', () => {
    const result = toJobArgs('conversations.create', { name: 'Not Valid', is_private: 'maybe', color: 'red' });
    expect(result.ok).toBe(false);
    const messages = (result as { messages: string[] }).messages;
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\[ERROR\] name .*\[json-pointer:\/name\]$/), expect.stringMatching(/^\[ERROR\] is_private /), expect.stringMatching(/^\[ERROR\] color is not a known field/)]),
    );
    expect(toJobArgs('conversations.info', {})).toEqual({ ok: false, messages: [expect.stringMatching(/^\[ERROR\] channel is required/)] });
  });

  it('refuses a string the queue cannot carry', () => {
    expect(toJobArgs('conversations.setTopic', { channel: 'C0123456789', topic: 'a\u0000b' })).toMatchObject({ ok: false });
  });

  it('knows each field’s kind from the schema', () => {
    expect(Object.fromEntries(fieldKinds('conversations.list'))).toEqual({ types: 'list', exclude_archived: 'boolean', limit: 'number', cursor: 'string', team_id: 'string' });
    expect(coerceValue('number', '12x')).toBe('12x');
    expect(coerceValue('boolean', 'yes')).toBe('yes');
    expect(coerceValue('list', '[not json')).toBe('[not json');
  });
});

describe('repeats, waiting and answers', () => {
  it('names the same request alike whatever the argument order, and per key', () => {
    const a = replayKey('key1', { method: 'conversations.create', args: { name: 'x', is_private: true } });
    expect(replayKey('key1', { method: 'conversations.create', args: { is_private: true, name: 'x' } })).toBe(a);
    expect(replayKey('key2', { method: 'conversations.create', args: { name: 'x', is_private: true } })).not.toBe(a);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(jobRequestOf({ method: 'conversations.create', args: { name: 'x' }, keyId: 'key1', idempotencyKey: 'mine' })).toEqual({
      method: 'conversations.create',
      args: { name: 'x' },
      raw: true,
      idempotency_key: 'mine',
    });
  });

  it('polls fast first, then every 250 ms, until the job ends or the wait is over', async () => {
    expect([0, 1, 2, 3, 4, 5].map(pollDelay)).toEqual([20, 40, 80, 160, 250, 250]);
    let clock = 0;
    let reads = 0;
    const ended = { job_id: 'j', status: 'succeeded', result: { ok: true } } as unknown as JobRecord;
    const ledger = {
      jobs: {
        get: async (_id: string, options?: { withResult?: boolean }) => {
          reads += 1;
          if (clock < 300) return { job_id: 'j', status: 'running' } as JobRecord;
          return options?.withResult === false ? ({ job_id: 'j', status: 'succeeded' } as JobRecord) : ended;
        },
      },
    } as never;
    const options = { now: () => clock, sleep: async (ms: number) => {
        clock += ms;
      },
    };
    await expect(waitForJob(ledger, 'j', 1000, options)).resolves.toBe(ended);
    clock = 0;
    reads = 0;
    await expect(waitForJob(ledger, 'j', 100, options)).resolves.toMatchObject({ status: 'running' });
    expect(reads).toBe(4); // 0, 20, 60, and at the deadline
  });

  it('expects at least a second, one slot per job ahead at the method’s rate', () => {
    expect(expectedWaitSeconds(0, 1200)).toBe(1);
    expect(expectedWaitSeconds(0, 20)).toBe(3);
    expect(expectedWaitSeconds(9, 20)).toBe(30);
    const backlog = createBacklog();
    backlog.add('T1:conversations.create', 'a');
    backlog.add('T1:conversations.create', 'b');
    expect(backlog.ahead('T1:conversations.create', 'b')).toBe(1);
    backlog.remove('T1:conversations.create', 'a');
    expect(backlog.ahead('T1:conversations.create', 'b')).toBe(0);
  });

  it('answers with Slack’s stored JSON, or the job’s error in Slack’s shape', () => {
    const slack = { ok: false, error: 'channel_not_found', response_metadata: {} };
    expect(answerOfJob({ status: 'failed', result: slack } as unknown as JobRecord)).toBe(slack);
    expect(answerOfJob({ status: 'failed', error: { code: 'http_503' } } as unknown as JobRecord)).toEqual({ ok: false, error: 'http_503' });
    expect(answerOfJob({ status: 'cancelled' } as unknown as JobRecord)).toEqual({ ok: false, error: 'request_cancelled' });
  });
});

describe('resolveSlackWorkspace: which workspace a call runs in', () => {
  const registry = (answer: () => Promise<string>) => ({ resolve: jest.fn(async () => answer()) });

  it('refuses a team_id other than the only workspace of a scoped key, without asking the registry', async () => {
    // Prepare
    const reg = registry(async () => 'T0ONE00001');

    // Act
    const refused = resolveSlackWorkspace(reg, { kind: 'scoped', workspaces: ['T0ONE00001'] }, 'T0TWO00002');

    // Assess
    await expect(refused).rejects.toMatchObject({ error: 'team_access_not_granted' });
    expect(reg.resolve).not.toHaveBeenCalled();
  });

  it('turns a default workspace Slack cannot be asked about into a retryable refusal, not invalid_auth', async () => {
    // Prepare
    const reg = registry(async () => {
      throw new DefaultWorkspaceUnavailableError('Could not ask Slack');
    });

    // Act, Assess
    await expect(resolveSlackWorkspace(reg, { kind: 'admin' }, undefined)).rejects.toBeInstanceOf(SlackApiUnavailableError);
  });
});
