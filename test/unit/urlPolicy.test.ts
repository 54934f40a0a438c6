import { checkCallbackHostResolves, guardedLookup, isForbiddenAddress, ForbiddenCallbackAddressError } from '../../lib/callbacks/urlPolicy';

describe('callback address policy', () => {
  it.each([
    '127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0',
    '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '224.0.0.1',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111'])('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('refuses, at connect time, a host name that resolves to loopback (DNS rebinding)', async () => {
    const lookup = guardedLookup({ allowPrivate: false });
    const error = await new Promise((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error).toBeInstanceOf(ForbiddenCallbackAddressError);
  });

  it('lets the local stack resolve loopback names', async () => {
    const lookup = guardedLookup({ allowPrivate: true });
    const address = await new Promise((resolve) => lookup('localhost', {}, (_err, addr) => resolve(addr)));
    expect(['127.0.0.1', '::1']).toContain(address);
  });

  it('refuses at submit time a host that does not resolve', async () => {
    await expect(checkCallbackHostResolves('https://no-such-host.invalid/cb', { allowPrivate: false })).resolves.toContain('does not resolve');
  });
});
