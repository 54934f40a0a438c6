import type { LookupAddress } from 'node:dns';
import {
  checkCallbackHostResolves,
  checkCallbackUrl,
  embeddedIpv4,
  guardedLookup,
  ipv6Bytes,
  isForbiddenAddress,
  isMetadataAddress,
  ForbiddenCallbackAddressError,
  type CallbackUrlPolicy,
} from '../../lib/callbacks/urlPolicy';
import { loadConfig } from '../../lib/config/config';

const deployed: CallbackUrlPolicy = { allowPrivate: false };
const local: CallbackUrlPolicy = { allowPrivate: true };

/** What a guarded lookup answers for a host: the error, or the address it lets through. */
const lookUp = (policy: CallbackUrlPolicy, host: string) =>
  new Promise<{ error: Error | null; address: string }>((resolve) =>
    guardedLookup(policy)(host, {}, (error, address) => resolve({ error, address: address as string })),
  );

// The IPv6 literals of issue 14, as the URL parser writes them (Node's lookup answers a literal itself).
const ISSUE_ADDRESSES = ['::7f00:1', '::ffff:0:7f00:1', '64:ff9b:1::7f00:1', '2002:7f00:1::', '2002:a9fe:a9fe::', 'fec0::1'];

// One address in every range of both IANA special-purpose registries, and more besides.
const SPECIAL_ADDRESSES: [string, string][] = [
  ['0/8 this network', '0.0.0.0'],
  ['0/8 this network', '0.1.2.3'],
  ['10/8 private', '10.1.2.3'],
  ['100.64/10 shared', '100.64.0.1'],
  ['100.64/10 shared', '100.127.255.254'],
  ['127/8 loopback', '127.0.0.1'],
  ['127/8 loopback', '127.255.0.9'],
  ['169.254/16 link-local', '169.254.1.1'],
  ['169.254/16 metadata', '169.254.169.254'],
  ['172.16/12 private', '172.16.0.1'],
  ['172.16/12 private', '172.31.255.255'],
  ['192.0.0/24 IETF', '192.0.0.8'],
  ['192.0.0/24 IETF', '192.0.0.170'],
  ['192.0.2/24 TEST-NET-1', '192.0.2.1'],
  ['192.31.196/24 AS112', '192.31.196.1'],
  ['192.52.193/24 AMT', '192.52.193.1'],
  ['192.88.99/24 6to4 relay', '192.88.99.1'],
  ['192.168/16 private', '192.168.1.1'],
  ['192.175.48/24 AS112', '192.175.48.1'],
  ['198.18/15 benchmarking', '198.19.0.1'],
  ['198.51.100/24 TEST-NET-2', '198.51.100.7'],
  ['203.0.113/24 TEST-NET-3', '203.0.113.7'],
  ['224/4 multicast', '224.0.0.1'],
  ['224/4 multicast', '239.255.255.250'],
  ['240/4 reserved', '240.0.0.1'],
  ['255.255.255.255 broadcast', '255.255.255.255'],
  ['::/128 unspecified', '::'],
  ['::1/128 loopback', '::1'],
  ['::/96 IPv4-compatible', '::127.0.0.1'],
  ['::/96 IPv4-compatible, even of a public address', '::808:808'],
  ['::ffff:0:0/96 IPv4-mapped', '::ffff:127.0.0.1'],
  ['::ffff:0:0/96 IPv4-mapped (hex)', '::ffff:7f00:1'],
  ['::ffff:0:0/96 IPv4-mapped metadata', '::ffff:a9fe:a9fe'],
  ['::ffff:0:0/96 IPv4-mapped, even of a public address', '::ffff:8.8.8.8'],
  ['::ffff:0:0:0/96 SIIT', '::ffff:0:7f00:1'],
  ['64:ff9b::/96 NAT64', '64:ff9b::7f00:1'],
  ['64:ff9b::/96 NAT64, even of a public address', '64:ff9b::808:808'],
  ['64:ff9b:1::/48 local NAT64', '64:ff9b:1::7f00:1'],
  ['100::/64 discard', '100::1'],
  ['2001::/23 IETF (Teredo)', '2001::1'],
  ['2001::/23 IETF (ORCHIDv2)', '2001:20::1'],
  ['2001:db8::/32 documentation', '2001:db8::1'],
  ['2002::/16 6to4 of loopback', '2002:7f00:1::'],
  ['2002::/16 6to4 of metadata', '2002:a9fe:a9fe::'],
  ['2002::/16 6to4, even of a public address', '2002:808:808::1'],
  ['2620:4f:8000::/48 AS112', '2620:4f:8000::1'],
  ['3fff::/20 documentation', '3fff::1'],
  ['5f00::/16 SRv6', '5f00::1'],
  ['fc00::/7 unique local', 'fc00::1'],
  ['fc00::/7 AWS metadata', 'fd00:ec2::254'],
  ['fe80::/10 link-local', 'fe80::1'],
  ['fec0::/10 site-local', 'fec0::1'],
  ['ff00::/8 multicast', 'ff02::1'],
];

const PUBLIC_ADDRESSES = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e'];

describe('callback address policy', () => {
  it.each(SPECIAL_ADDRESSES)('refuses %s: %s', (_range, address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(PUBLIC_ADDRESSES)('allows the public address %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it('refuses what is not an address at all', () => {
    expect(isForbiddenAddress('not-an-address')).toBe(true);
  });
});

describe('IPv6 forms that embed an IPv4 address', () => {
  it.each([
    ['::127.0.0.1', ['127.0.0.1']],
    ['::ffff:7f00:1', ['127.0.0.1']],
    ['::ffff:0:7f00:1', ['127.0.0.1']],
    ['64:ff9b::a9fe:a9fe', ['169.254.169.254']],
    ['2002:a9fe:a9fe::', ['169.254.169.254']],
    ['2606:4700:4700::1111', []],
  ])('reads %s as %j', (address, expected) => {
    expect(embeddedIpv4(address)).toEqual(expected);
  });

  it('reads every RFC 6052 layout of the local-use NAT64 prefix', () => {
    // /48 puts the address in bits 48–63 and 72–87; /96 in the last 32 bits.
    expect(embeddedIpv4('64:ff9b:1:a9fe:a9:fe00::')).toContain('169.254.169.254');
    expect(embeddedIpv4('64:ff9b:1::a9fe:a9fe')).toContain('169.254.169.254');
  });

  it('parses compressed and dotted forms to 16 bytes', () => {
    expect(ipv6Bytes('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 1, 2, 3, 4]);
    expect(ipv6Bytes('fe80::1%eth0')).toEqual([0xfe, 0x80, ...new Array(13).fill(0), 1]);
    expect(ipv6Bytes('10.0.0.1')).toBeUndefined();
  });
});

describe('callback URLs', () => {
  const EMBEDDED_FORMS = [
    'https://[::127.0.0.1]/',
    'https://[::ffff:0:7f00:1]/',
    'https://[64:ff9b:1::7f00:1]/',
    'https://[2002:7f00:1::]/',
    'https://[2002:a9fe:a9fe::]/',
    'https://[fec0::1]/',
  ];

  it.each([
    ...EMBEDDED_FORMS,
    ...SPECIAL_ADDRESSES.map(([, address]) => `https://${address.includes(':') ? `[${address}]` : address}/cb`),
    'https://2130706433/cb', // 127.0.0.1 as one number: URL parsing normalizes it
    'https://0x7f.1/cb',
  ])('refuses %s when deployed', (url) => {
    expect(checkCallbackUrl(url, deployed)).toContain('must not point to a private');
  });

  it.each(['https://localhost/cb', 'https://localhost./cb', 'https://app.localhost/cb', 'https://metadata.google.internal/', 'https://db.internal/'])(
    'refuses the local name %s when deployed',
    (url) => {
      expect(checkCallbackUrl(url, deployed)).toContain('local or internal host name');
    },
  );

  it.each(['https://93.184.216.34/cb', 'https://8.8.8.8/cb', 'https://[2606:4700:4700::1111]/cb', 'https://172.32.0.1/cb', 'https://hooks.example.com/cb'])(
    'allows %s when deployed',
    (url) => {
      expect(checkCallbackUrl(url, deployed)).toBeUndefined();
    },
  );

  it.each([
    ['plain http', 'http://hooks.example.com/cb', 'must use https'],
    ['credentials', 'https://user:pw@hooks.example.com/cb', 'credentials'],
    ['a fragment', 'https://hooks.example.com/cb#x', 'fragment'],
    ['a relative URL', '/cb', 'absolute'],
  ])('refuses %s', (_label, url, reason) => {
    expect(checkCallbackUrl(url, deployed)).toContain(reason);
  });
});

describe('cloud metadata, refused even on the local stack', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://169.254.170.2/v2/credentials',
  ])('refuses the address %s', (url) => {
    expect(checkCallbackUrl(url, local)).toBe('must not point to a cloud metadata address');
  });

  it.each(['http://metadata.google.internal/computeMetadata/v1/', 'http://METADATA.google.internal./'])('refuses the name %s', (url) => {
    expect(checkCallbackUrl(url, local)).toBe('must not point to a cloud metadata host');
  });

  it.each(['http://127.0.0.1:3001/callbacks', 'http://localhost:45678/cb', 'http://10.0.0.8/cb', 'http://[::1]:8080/cb', 'http://169.254.1.1/'])(
    'still allows the private address %s',
    (url) => {
      expect(checkCallbackUrl(url, local)).toBeUndefined();
    },
  );

  it.each(['169.254.169.254', 'fd00:ec2::254', '::ffff:a9fe:a9fe', '100.100.100.200'])('knows %s is a metadata address', (address) => {
    expect(isMetadataAddress(address)).toBe(true);
  });

  it('refuses a metadata address at connect time too', async () => {
    const { error } = await lookUp(local, '169.254.169.254');
    expect(error).toBeInstanceOf(ForbiddenCallbackAddressError);
  });
});

describe('callback ports', () => {
  it.each([
    ['deployed, default port', deployed, 'https://hooks.example.com/cb', undefined],
    ['deployed, explicit 443', deployed, 'https://hooks.example.com:443/cb', undefined],
    ['deployed, 8443', deployed, 'https://hooks.example.com:8443/cb', 'must use port 443'],
    ['deployed, 80 over https', deployed, 'https://hooks.example.com:80/cb', 'must use port 443'],
    ['deployed, allowed 8443', { ...deployed, allowedPorts: [443, 8443] }, 'https://hooks.example.com:8443/cb', undefined],
    ['deployed, allowed 8443 only', { ...deployed, allowedPorts: [8443] }, 'https://hooks.example.com/cb', 'must use port 8443'],
    ['deployed, not in the list', { ...deployed, allowedPorts: [443, 8443] }, 'https://hooks.example.com:9000/cb', 'must use one of the ports 443, 8443'],
    ['local, any port', local, 'http://127.0.0.1:45678/cb', undefined],
    ['local, default http port', local, 'http://hooks.example.com/cb', undefined],
    ['local, listed ports', { ...local, allowedPorts: [80, 443] }, 'http://hooks.example.com/cb', undefined],
    ['local, outside listed ports', { ...local, allowedPorts: [80, 443] }, 'http://127.0.0.1:45678/cb', 'must use one of the ports 80, 443'],
  ] as [string, CallbackUrlPolicy, string, string | undefined][])('%s: %s', (_label, policy, url, reason) => {
    expect(checkCallbackUrl(url, policy)).toBe(reason);
  });

  it('reads CALLBACK_ALLOWED_PORTS from the environment', () => {
    expect(loadConfig({}).callbackAllowedPorts).toBeUndefined();
    expect(loadConfig({ CALLBACK_ALLOWED_PORTS: '443, 8443' }).callbackAllowedPorts).toEqual([443, 8443]);
    expect(() => loadConfig({ CALLBACK_ALLOWED_PORTS: '443,x' })).toThrow('CALLBACK_ALLOWED_PORTS');
    expect(() => loadConfig({ CALLBACK_ALLOWED_PORTS: '70000' })).toThrow('CALLBACK_ALLOWED_PORTS');
  });
});

describe('connect-time guard', () => {
  it.each([...ISSUE_ADDRESSES, '127.0.0.1', '::1', '169.254.169.254'])('refuses %s when deployed', async (address) => {
    const { error } = await lookUp(deployed, address);
    expect(error).toBeInstanceOf(ForbiddenCallbackAddressError);
  });

  it.each(['93.184.216.34', '2606:4700:4700::1111'])('lets the public address %s through', async (address) => {
    expect(await lookUp(deployed, address)).toEqual({ error: null, address });
  });

  it('refuses, at connect time, a host name that resolves to loopback (DNS rebinding)', async () => {
    const { error } = await lookUp(deployed, 'localhost');
    expect(error).toBeInstanceOf(ForbiddenCallbackAddressError);
  });

  it('lets the local stack resolve loopback names', async () => {
    const { address } = await lookUp(local, 'localhost');
    expect(['127.0.0.1', '::1']).toContain(address);
  });

  it('hands back every address when asked for all', async () => {
    const all = await new Promise<LookupAddress[]>((resolve) =>
      guardedLookup(local)('localhost', { all: true }, (_error, addresses) => resolve(addresses as unknown as LookupAddress[])),
    );
    expect(all.length).toBeGreaterThan(0);
  });

  it('refuses at submit time a host that does not resolve', async () => {
    await expect(checkCallbackHostResolves('https://no-such-host.invalid/cb', deployed)).resolves.toContain('does not resolve');
  });
});

