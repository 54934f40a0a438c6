import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigError } from '../../lib/config/config';
import { secretGetter } from '../../lib/config/secrets';

const ssmMock = mockClient(SSMClient);
beforeEach(() => ssmMock.reset());

describe('secrets', () => {
  it('reads plain environment values locally', async () => {
    const env = { API_KEYS: 'a, b,c', SLACK_BOT_TOKEN: ' xoxb-1 ', CALLBACK_SIGNING_SECRET: 'whsec_x,whsec_y' };
    await expect(secretGetter('apiKeys', env)()).resolves.toEqual(['a', 'b', 'c']);
    await expect(secretGetter('slackBotToken', env)()).resolves.toBe('xoxb-1');
    await expect(secretGetter('signingSecrets', env)()).resolves.toEqual(['whsec_x', 'whsec_y']);
  });

  it('names a missing secret without any value', async () => {
    await expect(secretGetter('slackBotToken', {})()).rejects.toThrow(new ConfigError('Missing secret configuration: SLACK_BOT_TOKEN'));
  });

  it('refuses a signing secret that is not whsec_… without echoing it', async () => {
    const error = await secretGetter('signingSecrets', { CALLBACK_SIGNING_SECRET: 'plain-secret-value' })().catch((e: Error) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('plain-secret-value');
  });

  it('reads an SSM SecureString, decrypted, when the environment names a parameter', async () => {
    ssmMock.on(GetParameterCommand, { Name: '/svc/prod/api-keys', WithDecryption: true }).resolves({ Parameter: { Value: 'old-key,new-key' } });
    const get = secretGetter('apiKeys', { API_KEYS_PARAM: '/svc/prod/api-keys', API_KEYS: 'ignored' });
    await expect(get()).resolves.toEqual(['old-key', 'new-key']);
  });

  it('caches the parameter between calls (Powertools maxAge)', async () => {
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: 'xoxb-from-ssm' } });
    const get = secretGetter('slackBotToken', { SLACK_BOT_TOKEN_PARAM: '/svc/prod/slack-bot-token-cache-test' });
    await get();
    await get();
    expect(ssmMock.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('says which parameter is missing', async () => {
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error('ParameterNotFound'), { name: 'ParameterNotFound' }));
    const get = secretGetter('signingSecrets', { CALLBACK_SIGNING_SECRET_PARAM: '/svc/prod/missing' });
    await expect(get()).rejects.toThrow('Missing secret configuration: SSM parameter /svc/prod/missing');
  });
});
