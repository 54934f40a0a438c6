import { queueContents, startTestStack, type TestStack } from '../helpers/e2e';

// A stack configured as deployed stages are: https only, no private addresses.
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { CALLBACK_ALLOW_PRIVATE: 'false' } });
});
afterAll(() => t.stop());

describe('callback_url policy when deployed', () => {
  it.each([
    ['plain http', 'http://hooks.example.com/cb', 'must use https'],
    ['loopback', 'https://127.0.0.1:3001/cb', 'private'],
    ['a private range', 'https://10.0.0.8/cb', 'private'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/', 'private'],
    ['IPv6 loopback', 'https://[::1]/cb', 'private'],
    ['IPv4-mapped IPv6', 'https://[::ffff:10.0.0.1]/cb', 'private'],
    ['localhost by name', 'https://localhost/cb', 'local or internal'],
    ['IPv4-compatible IPv6 loopback', 'https://[::127.0.0.1]/cb', 'private'],
    ['SIIT IPv6 loopback', 'https://[::ffff:0:7f00:1]/cb', 'private'],
    ['local-use NAT64 loopback', 'https://[64:ff9b:1::7f00:1]/cb', 'private'],
    ['6to4 cloud metadata', 'https://[2002:a9fe:a9fe::]/cb', 'private'],
    ['site-local IPv6', 'https://[fec0::1]/cb', 'private'],
    ['a port other than 443', 'https://93.184.216.34:8443/cb', 'must use port 443'],
    ['credentials', 'https://user:pw@hooks.example.com/cb', 'credentials'],
  ])('refuses %s at submit time and queues nothing', async (_label, url, message) => {
    const res = await t.request('/v1/jobs', { body: { method: 'conversations.info', args: { channel: 'C01GENERAL' }, callback_url: url } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'callback_url', message: expect.stringContaining(message) }]);
    expect(queueContents(t.stack, t.stack.sqs.queues.jobs)).toHaveLength(0);
  });

  it('refuses a batch whose default callback_url is private', async () => {
    const res = await t.request('/v1/jobs/batch', { body: { jobs: [{ method: 'conversations.list' }], callback_url: 'https://192.168.0.1/cb' } });
    expect(res).toMatchObject({ status: 400, body: { error: { details: [{ path: 'callback_url' }] } } });
  });
});
