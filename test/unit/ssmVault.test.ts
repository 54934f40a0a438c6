import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { ssmVault } from '../../lib/workspaces/vault';

const ssm = mockClient(SSMClient);
const notFound = () => Object.assign(new Error('not found'), { name: 'ParameterNotFound' });
beforeEach(() => ssm.reset());

describe('the deployed token vault (one SSM SecureString per workspace)', () => {
  it('keeps each token as a SecureString under the stage’s path and reads it decrypted', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({});
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'xoxb-stored' } });
    const vault = ssmVault('eu-west-1', '/slack-conversations-queue/prod/workspaces/');

    // Act
    await vault.put('T0ONE00001', 'xoxb-stored');
    const token = await vault.get('T0ONE00001');

    // Assess
    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input).toMatchObject({
      Name: '/slack-conversations-queue/prod/workspaces/T0ONE00001',
      Type: 'SecureString',
      Overwrite: true,
      Value: 'xoxb-stored',
    });
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: '/slack-conversations-queue/prod/workspaces/T0ONE00001', WithDecryption: true });
    expect(token).toBe('xoxb-stored');
  });

  it('answers a missing parameter as no token, and removing one that is gone as done', async () => {
    // Prepare
    ssm.on(GetParameterCommand).rejects(notFound());
    ssm.on(DeleteParameterCommand).rejects(notFound());
    const vault = ssmVault('eu-west-1', '/p/workspaces');

    // Act, Assess
    await expect(vault.get('T0ONE00001')).resolves.toBeUndefined();
    await expect(vault.remove('T0ONE00001')).resolves.toBeUndefined();
  });

  it('lets any other SSM failure through', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(ssmVault('eu-west-1', '/p/workspaces').get('T0ONE00001')).rejects.toThrow('throttled');
  });
});
