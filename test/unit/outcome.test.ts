import { ErrorCode } from '@slack/web-api';
import { classifyError, classifyResponse, InvalidResponseError, ResponseTooLargeError, SLACK_EXCERPT_MAX_CHARS } from '../../lib/slack/outcome';
import { assertSlackJson, SLACK_RESPONSE_MAX_BYTES } from '../../lib/slack/slackClient';

const platform = (error: string, extra: Record<string, unknown> = {}) => ({ code: ErrorCode.PlatformError, data: { ok: false, error, ...extra } });

describe('Slack outcome classification', () => {
  it('treats ok responses as success', () => {
    expect(classifyResponse({ ok: true, channel: { id: 'C1' } }, 'conversations.info')).toEqual({ kind: 'succeeded', response: { ok: true, channel: { id: 'C1' } } });
  });

  it.each([
    ['conversations.leave', { ok: true, not_in_channel: true }, 'not_in_channel'],
    ['conversations.open', { ok: true, no_op: true, already_open: true, channel: { id: 'D1' } }, 'already_open'],
    ['conversations.close', { ok: true, no_op: true, already_closed: true }, 'already_closed'],
    ['conversations.close', { ok: true, no_op: true }, 'no_op'],
    ['conversations.join', { ok: true, channel: { id: 'C1' }, warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } }, 'already_in_channel'],
  ])('counts %s answering %j as already done', (method, response, flag) => {
    expect(classifyResponse(response, method)).toEqual({ kind: 'succeeded', response, alreadyDone: flag });
  });

  it.each([
    ['conversations.invite', 'already_in_channel'],
    ['conversations.archive', 'already_archived'],
    ['conversations.unarchive', 'not_archived'],
    ['conversations.kick', 'not_in_channel'],
    ['conversations.canvases.create', 'channel_canvas_already_exists'],
    ['conversations.inviteShared', 'already_in_channel'],
    ['conversations.acceptSharedInvite', 'has_already_connected_to_org'],
    ['conversations.approveSharedInvite', 'already_approved'],
    ['conversations.requestSharedInvite.approve', 'invite_already_approved'],
    ['conversations.requestSharedInvite.deny', 'invite_already_denied'],
  ])('counts %s answering %s as already done', (method, error) => {
    expect(classifyError(platform(error), method)).toMatchObject({ kind: 'succeeded', alreadyDone: error });
  });

  it.each([
    ['conversations.history', 'not_in_channel'],
    ['conversations.archive', 'not_archived'],
    ['conversations.create', 'already_in_channel'],
  ])('does not count %s answering %s as done: what is done depends on the method', (method, error) => {
    expect(classifyError(platform(error), method)).toMatchObject({ kind: 'permanent', code: error });
  });

  it.each(['internal_error', 'service_unavailable', 'fatal_error', 'team_added_to_org', 'org_login_required'])('retries %s', (error) => {
    expect(classifyError(platform(error), 'conversations.info')).toEqual({ kind: 'transient', code: error, message: `Slack answered ${error}` });
  });

  it('retries request_timeout at most once', () => {
    expect(classifyError(platform('request_timeout'), 'conversations.info')).toMatchObject({ kind: 'transient', maxAttempts: 2 });
  });

  it.each([
    'invalid_auth', 'not_authed', 'token_revoked', 'missing_scope', 'channel_not_found', 'name_taken', 'invalid_name_specials',
    'invalid_name_maxlength', 'invalid_name_required', 'invalid_name_punctuation', 'invalid_name', 'cant_leave_general',
    'method_not_supported_for_channel_type', 'too_many_users', 'user_not_found', 'restricted_action', 'is_archived',
    'account_inactive', 'user_is_bot', 'users_list_not_supplied', 'not_enough_users', 'last_member', 'invalid_cursor', 'invalid_limit',
    'cant_archive_general', 'cant_archive_required', 'cant_kick_self', 'cant_kick_from_general', 'invitee_cant_see_channel',
    'channel_is_limited_access', 'too_many_members', 'invalid_types', 'no_external_invite_permission', 'restricted_action_read_only_channel',
    'ekm_access_denied', 'thread_not_found', 'invalid_ts_latest',
  ])('never retries %s', (error) => {
    expect(classifyError(platform(error), 'conversations.info')).toEqual({ kind: 'permanent', code: error, message: `Slack answered ${error}`, response: { ok: false, error } });
  });

  it('waits Retry-After on HTTP 429', () => {
    expect(classifyError({ code: ErrorCode.RateLimitedError, retryAfter: 7 }, 'conversations.info')).toEqual({ kind: 'rate_limited', retryAfterSeconds: 7 });
  });

  it.each([[undefined], [NaN], [0], [-3]])('falls back when Retry-After is %s', (retryAfter) => {
    expect(classifyError({ code: ErrorCode.RateLimitedError, retryAfter }, 'conversations.info')).toEqual({ kind: 'rate_limited' });
  });

  it('treats the client’s error for a 429 without a usable Retry-After as a rate limit (fallback wait)', () => {
    const error = new Error('Retry header did not contain a valid timeout (url: http://x/api/conversations.info, retry-after header: null)');
    expect(classifyError(error, 'conversations.info')).toEqual({ kind: 'rate_limited' });
  });

  it.each(['ratelimited', 'rate_limited'])('treats a %s error body as a rate limit', (error) => {
    expect(classifyError(platform(error, { retry_after: 1 }), 'conversations.info')).toEqual({ kind: 'rate_limited' });
  });

  it.each([[500], [502], [503], [504], [408]])('retries HTTP %s', (statusCode) => {
    expect(classifyError({ code: ErrorCode.HTTPError, statusCode }, 'conversations.info')).toMatchObject({ kind: 'transient', code: `http_${statusCode}` });
  });

  it('does not retry HTTP 404 (a wrong SLACK_API_URL)', () => {
    expect(classifyError({ code: ErrorCode.HTTPError, statusCode: 404 }, 'conversations.info')).toMatchObject({ kind: 'permanent', code: 'http_404' });
  });

  it('retries network errors and timeouts', () => {
    expect(classifyError({ code: ErrorCode.RequestError, original: new Error('socket hang up') }, 'conversations.info')).toMatchObject({ kind: 'transient', code: 'network_error' });
  });
});

describe('Slack answers that are not Slack JSON', () => {
  const token = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
  // A 2 MB error page that quotes a token right at the start, where an excerpt would look.
  const hugePage = `<html><body><p>token=${token}</p>${'<div>oops</div>\n'.repeat(130_000)}</body></html>`;
  // What @slack/web-api 8 throws for a 200 whose body it cannot parse: the whole body as `error`.
  const standIn = (body: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error: body, response_metadata: {} } });
  // Our fetch's errors, as WebClient wraps them.
  const wrapped = (original: Error) => ({ code: ErrorCode.RequestError, original });
  const bounded = (message: string) => {
    expect(message.length).toBeLessThanOrEqual(SLACK_EXCERPT_MAX_CHARS + 80);
    expect(message).not.toMatch(/xox[a-z]-/);
    expect(message).not.toContain('AbCdEfGh');
  };

  it.each([
    ['an HTML page', hugePage],
    ['invalid JSON', '{"ok":true,"channel":{"id":'],
    ['an empty body', ''],
  ])('retries %s answered with HTTP 200 as invalid_response, with a short excerpt', (_, body) => {
    const outcome = classifyError(standIn(body), 'conversations.create');
    expect(outcome).toMatchObject({ kind: 'transient', code: 'invalid_response' });
    if (outcome.kind !== 'transient') throw new Error('unreachable');
    expect(outcome.message).toMatch(/^Slack answered HTTP 200 with a body that is not Slack JSON: /);
    bounded(outcome.message);
  });

  it('says so when the body was empty', () => {
    expect(classifyError(wrapped(new InvalidResponseError(200, '')), 'conversations.info')).toEqual({
      kind: 'transient',
      code: 'invalid_response',
      message: 'Slack answered HTTP 200 with a body that is not Slack JSON: (empty body)',
    });
  });

  it('maps our fetch’s invalid-body error, whatever the status, with the status and a bounded, token-free excerpt', () => {
    const outcome = classifyError(wrapped(new InvalidResponseError(502, hugePage)), 'conversations.info');
    expect(outcome).toMatchObject({ kind: 'transient', code: 'invalid_response' });
    if (outcome.kind !== 'transient') throw new Error('unreachable');
    expect(outcome.message).toContain('HTTP 502');
    expect(outcome.message).toContain('[REDACTED]');
    bounded(outcome.message);
  });

  it('keeps an HTTP error’s status as its code, with a bounded excerpt of its page', () => {
    const outcome = classifyError({ code: ErrorCode.HTTPError, statusCode: 500, body: hugePage }, 'conversations.info');
    expect(outcome).toMatchObject({ kind: 'transient', code: 'http_500' });
    if (outcome.kind !== 'transient') throw new Error('unreachable');
    expect(outcome.message).toContain('HTTP 500');
    bounded(outcome.message);
  });

  it('still counts an HTTP 429 as a rate limit whatever its body', () => {
    expect(classifyError({ code: ErrorCode.HTTPError, statusCode: 429, body: '<html>slow down</html>' }, 'conversations.info')).toEqual({ kind: 'rate_limited' });
  });

  it('retries an answer past the size cap as response_too_large', () => {
    const outcome = classifyError(wrapped(new ResponseTooLargeError(200, SLACK_RESPONSE_MAX_BYTES)), 'conversations.create');
    expect(outcome).toEqual({ kind: 'transient', code: 'response_too_large', message: `Slack's answer (HTTP 200) was larger than ${SLACK_RESPONSE_MAX_BYTES} bytes and was cut off` });
  });

  it('keeps every outcome message bounded, even for errors it does not know', () => {
    const outcome = classifyError(new Error(hugePage), 'conversations.info');
    expect(outcome).toMatchObject({ kind: 'transient', code: 'client_error' });
    if (outcome.kind !== 'transient') throw new Error('unreachable');
    bounded(outcome.message);
  });

  it('still reads real Slack error codes as before', () => {
    expect(classifyError(standIn('channel_not_found'), 'conversations.info')).toMatchObject({ kind: 'permanent', code: 'channel_not_found' });
  });

  it.each([
    ['an HTML page', '<html></html>'],
    ['invalid JSON', '{"ok":'],
    ['an empty body', ''],
    ['null', 'null'],
    ['a number', '5'],
    ['a string', '"ok"'],
    ['an array', '[{"ok":true}]'],
    ['an object without ok', '{"channel":{}}'],
    ['an object whose ok is not a boolean', '{"ok":"true"}'],
  ])('does not take %s for Slack JSON', (_, body) => {
    expect(() => assertSlackJson(200, body)).toThrow(InvalidResponseError);
  });

  it.each(['{"ok":true}', '{"ok":false,"error":"channel_not_found"}'])('takes %s for Slack JSON', (body) => {
    expect(() => assertSlackJson(200, body)).not.toThrow();
  });
});
