import { redactingReplacer, redactText } from '../../lib/logging/redact';

const serialise = (value: unknown) => JSON.stringify(value, redactingReplacer);

describe('log redaction', () => {
  it('blanks secret-named fields', () => {
    const out = JSON.parse(serialise({ token: 'anything', authorization: 'Bearer abc', api_keys: ['k'], signing_secret: 's', job_id: 'j1', idempotency_key: 'crm-1' }));
    expect(out).toEqual({ token: '[REDACTED]', authorization: '[REDACTED]', api_keys: '[REDACTED]', signing_secret: '[REDACTED]', job_id: 'j1', idempotency_key: 'crm-1' });
  });

  it('masks secret-shaped text anywhere, errors included', () => {
    const error = new Error('call failed with xoxb-123-456-abcdef and whsec_c2VjcmV0 and Bearer local-abc');
    const text = serialise({ message: 'token xoxp-9-9-zz used', error });
    expect(text).not.toMatch(/xox[bp]-|whsec_c2V|local-abc/);
    expect(text).toContain('[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('conversations.create answered name_taken')).toBe('conversations.create answered name_taken');
  });
});
