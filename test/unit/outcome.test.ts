import { ErrorCode } from '@slack/web-api';
import { classifyError, classifyResponse } from '../../lib/slack/outcome';

const platform = (error: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error } });

describe('Slack outcome classification', () => {
  it('treats ok responses as success', () => {
    expect(classifyResponse({ ok: true, channel: { id: 'C1' } })).toEqual({ kind: 'succeeded', response: { ok: true, channel: { id: 'C1' } } });
  });

  it.each([
    [{ ok: true, not_in_channel: true }, 'not_in_channel'],
    [{ ok: true, no_op: true, already_open: true, channel: { id: 'D1' } }, 'already_open'],
    [{ ok: true, no_op: true }, 'no_op'],
  ])('counts %j as already done', (response, flag) => {
    expect(classifyResponse(response)).toEqual({ kind: 'succeeded', response, alreadyDone: flag });
  });

  it.each(['already_in_channel', 'already_archived', 'not_archived'])('counts the error %s as already done', (error) => {
    expect(classifyError(platform(error))).toMatchObject({ kind: 'succeeded', alreadyDone: error });
  });

  it.each(['internal_error', 'service_unavailable', 'fatal_error', 'team_added_to_org', 'org_login_required'])('retries %s', (error) => {
    expect(classifyError(platform(error))).toEqual({ kind: 'transient', code: error, message: `Slack answered ${error}` });
  });

  it('retries request_timeout at most once', () => {
    expect(classifyError(platform('request_timeout'))).toMatchObject({ kind: 'transient', maxAttempts: 2 });
  });

  it.each([
    'invalid_auth', 'not_authed', 'token_revoked', 'missing_scope', 'channel_not_found', 'name_taken', 'invalid_name_specials',
    'invalid_name_maxlength', 'invalid_name_required', 'invalid_name_punctuation', 'invalid_name', 'cant_leave_general',
    'method_not_supported_for_channel_type', 'too_many_users', 'user_not_found', 'restricted_action', 'is_archived',
    'account_inactive', 'user_is_bot', 'users_list_not_supplied', 'not_enough_users', 'last_member', 'invalid_cursor', 'invalid_limit',
  ])('never retries %s', (error) => {
    expect(classifyError(platform(error))).toEqual({ kind: 'permanent', code: error, message: `Slack answered ${error}`, response: { ok: false, error } });
  });

  it('waits Retry-After on HTTP 429', () => {
    expect(classifyError({ code: ErrorCode.RateLimitedError, retryAfter: 7 })).toEqual({ kind: 'rate_limited', retryAfterSeconds: 7 });
  });

  it.each([[undefined], [NaN], [0], [-3]])('falls back when Retry-After is %s', (retryAfter) => {
    expect(classifyError({ code: ErrorCode.RateLimitedError, retryAfter })).toEqual({ kind: 'rate_limited' });
  });

  it('treats the client’s error for a 429 without a usable Retry-After as a rate limit (fallback wait)', () => {
    const error = new Error('Retry header did not contain a valid timeout (url: http://x/api/conversations.info, retry-after header: null)');
    expect(classifyError(error)).toEqual({ kind: 'rate_limited' });
  });

  it('treats a ratelimited error body as a rate limit', () => {
    expect(classifyError(platform('ratelimited'))).toEqual({ kind: 'rate_limited' });
  });

  it.each([[500], [502], [503], [504], [408]])('retries HTTP %s', (statusCode) => {
    expect(classifyError({ code: ErrorCode.HTTPError, statusCode })).toMatchObject({ kind: 'transient', code: `http_${statusCode}` });
  });

  it('does not retry HTTP 404 (a wrong SLACK_API_URL)', () => {
    expect(classifyError({ code: ErrorCode.HTTPError, statusCode: 404 })).toMatchObject({ kind: 'permanent', code: 'http_404' });
  });

  it('retries network errors and timeouts', () => {
    expect(classifyError({ code: ErrorCode.RequestError, original: new Error('socket hang up') })).toMatchObject({ kind: 'transient', code: 'network_error' });
  });
});
