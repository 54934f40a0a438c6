import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface CallbackUrlPolicy {
  /** Allow plain http and private, loopback and link-local hosts (the local stack only). */
  allowPrivate: boolean;
  /**
   * The only ports a callback may use (CALLBACK_ALLOWED_PORTS). Unset: 443 when deployed, any
   * port locally (the local callback inbox listens on arbitrary loopback ports).
   */
  allowedPorts?: readonly number[];
}

export class ForbiddenCallbackAddressError extends Error {
  constructor(readonly host: string) {
    super(`callback host ${host} resolves to a private, loopback, link-local or metadata address`);
    this.name = 'ForbiddenCallbackAddressError';
  }
}

type Subnet = readonly [network: string, prefix: number];

// One BlockList per family: a single list matches an IPv4 address against IPv6 rules through its
// mapped form, so ::ffff:0:0/96 would refuse every IPv4 address.
interface AddressLists {
  v4: BlockList;
  v6: BlockList;
}

const blockList = (v4: readonly Subnet[], v6: readonly Subnet[]): AddressLists => {
  const lists = { v4: new BlockList(), v6: new BlockList() };
  for (const [network, prefix] of v4) lists.v4.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of v6) lists.v6.addSubnet(network, prefix, 'ipv6');
  return lists;
};

// The IANA IPv4 Special-Purpose Address Registry in full (its smaller entries, such as
// 192.0.0.8/32, lie inside 192.0.0.0/24), plus multicast: none of it is a public web server.
const SPECIAL_IPV4: readonly Subnet[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, where cloud metadata lives
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // direct delegation AS112 service
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255/32 (limited broadcast) within it
];

// The IANA IPv6 Special-Purpose Address Registry in full (2001::/23 holds Teredo, ORCHIDv2 and the
// other 2001: entries), plus the deprecated IPv4-compatible and site-local ranges and multicast.
// 2002::/16 (6to4) is refused whole: 6to4 relays are deprecated (RFC 7526), so no receiver needs it,
// and its embedded IPv4 is judged as well (that matters locally, for metadata).
const SPECIAL_IPV6: readonly Subnet[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['64:ff9b::', 96], // NAT64 well-known prefix
  ['64:ff9b:1::', 48], // NAT64 local-use prefix
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy prefix
  ['2001::', 23], // IETF protocol assignments
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['2620:4f:8000::', 48], // direct delegation AS112 service
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const specialPurpose = blockList(SPECIAL_IPV4, SPECIAL_IPV6);

// Cloud metadata and credential endpoints: refused even locally, where private addresses are
// allowed, because a developer machine or CI runner in a cloud has them too, holding credentials.
const metadata = blockList(
  [
    ['169.254.169.254', 32], // AWS, GCP, Azure, Oracle instance metadata
    ['169.254.170.2', 32], // AWS ECS task metadata and credentials
    ['169.254.170.23', 32], // AWS EKS Pod Identity
    ['100.100.100.200', 32], // Alibaba Cloud metadata
  ],
  [
    ['fd00:ec2::254', 128], // AWS instance metadata over IPv6
    ['fd00:ec2::23', 128], // AWS EKS Pod Identity over IPv6
    ['fd20:ce::254', 128], // GCP metadata over IPv6
  ],
);

const METADATA_HOSTNAMES = [/^metadata\.google\.internal$/i];
const LOCAL_HOSTNAMES = [/^localhost$/i, /\.localhost$/i, /\.internal$/i, ...METADATA_HOSTNAMES];

/** The 16 bytes of a valid IPv6 address (zone id dropped), or undefined for anything else. */
export const ipv6Bytes = (address: string): number[] | undefined => {
  const plain = address.replace(/%.*$/, '');
  if (isIP(plain) !== 6) return undefined;
  // A trailing dotted quad stands for the last two groups.
  const hex = plain.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const groups = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head, tail] = hex.split('::');
  const all =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...new Array(8 - groups(head).length - groups(tail).length).fill(0), ...groups(tail)];
  return all.flatMap((group) => [group >> 8, group & 255]);
};

const startsWith = (bytes: readonly number[], prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);
const dotted = (bytes: readonly number[]) => bytes.join('.');
const lastFour = (bytes: readonly number[]) => dotted(bytes.slice(12, 16));

/** RFC 6052: the IPv4 address inside a NAT64 address of the given prefix length (bits 64–71 skipped). */
const nat64Ipv4 = (bytes: readonly number[], prefixLength: 48 | 56 | 64 | 96) => {
  const payload = [...bytes.slice(0, 8), ...bytes.slice(9, 16)];
  const start = prefixLength === 96 ? 11 : prefixLength / 8;
  return dotted(payload.slice(start, start + 4));
};

/**
 * The IPv4 addresses an IPv6 address stands for: IPv4-compatible, IPv4-mapped, SIIT, NAT64 (the
 * local-use /48 may hold any RFC 6052 layout, so each is judged) and 6to4. A packet to one of these
 * may well reach that IPv4 address, so it is judged by it too.
 */
export const embeddedIpv4 = (address: string): string[] => {
  const bytes = ipv6Bytes(address);
  if (!bytes) return [];
  const zeros = (n: number) => new Array<number>(n).fill(0);
  if (startsWith(bytes, zeros(12))) return [lastFour(bytes)];
  if (startsWith(bytes, [...zeros(10), 0xff, 0xff])) return [lastFour(bytes)];
  if (startsWith(bytes, [...zeros(8), 0xff, 0xff, 0, 0])) return [lastFour(bytes)];
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, ...zeros(8)])) return [lastFour(bytes)];
  if (startsWith(bytes, [0, 0x64, 0xff, 0x9b, 0, 1])) return ([48, 56, 64, 96] as const).map((length) => nat64Ipv4(bytes, length));
  if (startsWith(bytes, [0x20, 0x02])) return [dotted(bytes.slice(2, 6))];
  return [];
};

/** True when an address is in `lists`, itself or by an IPv4 address it embeds; a non-address always is. */
const listed = (address: string, lists: AddressLists): boolean => {
  const plain = address.replace(/%.*$/, '');
  const family = isIP(plain);
  if (family === 4) return lists.v4.check(plain, 'ipv4');
  if (family === 6) return lists.v6.check(plain, 'ipv6') || embeddedIpv4(plain).some((v4) => lists.v4.check(v4, 'ipv4'));
  return true;
};

/** True when an IP address literal is one a deployed service must not call (any special-purpose address). */
export const isForbiddenAddress = (address: string): boolean => listed(address, specialPurpose);

/** True when an IP address literal is a cloud metadata endpoint, which no policy may call. */
export const isMetadataAddress = (address: string): boolean => listed(address, metadata);

/** True when `policy` refuses to connect to this address. */
export const isRefusedAddress = (address: string, policy: CallbackUrlPolicy): boolean =>
  policy.allowPrivate ? isMetadataAddress(address) : isForbiddenAddress(address);

// A host name may end with the root's dot ("localhost."), which names the same host.
const normalizeHost = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');

/** Why a URL's host is refused by `policy`, if it is; names are judged here, their addresses later. */
const hostRefusal = (host: string, policy: CallbackUrlPolicy): string | undefined => {
  if (isIP(host) !== 0) {
    if (!isRefusedAddress(host, policy)) return undefined;
    return policy.allowPrivate
      ? 'must not point to a cloud metadata address'
      : 'must not point to a private, loopback, link-local, metadata or other special-purpose address';
  }
  if (!policy.allowPrivate && LOCAL_HOSTNAMES.some((pattern) => pattern.test(host))) {
    return 'must not point to a local or internal host name';
  }
  return METADATA_HOSTNAMES.some((pattern) => pattern.test(host)) ? 'must not point to a cloud metadata host' : undefined;
};

const DEFAULT_PORTS: Record<string, number> = { 'https:': 443, 'http:': 80 };

/** The ports `policy` allows, or undefined when it allows any. */
export const allowedPortsOf = (policy: CallbackUrlPolicy): readonly number[] | undefined =>
  policy.allowedPorts ?? (policy.allowPrivate ? undefined : [443]);

/** Why a URL's port is refused by `policy`, if it is; a URL without a port uses its scheme's. */
const portRefusal = (url: URL, policy: CallbackUrlPolicy): string | undefined => {
  const allowed = allowedPortsOf(policy);
  const port = url.port === '' ? DEFAULT_PORTS[url.protocol] : Number(url.port);
  if (allowed === undefined || allowed.includes(port)) return undefined;
  return allowed.length === 1 ? `must use port ${allowed[0]}` : `must use one of the ports ${allowed.join(', ')}`;
};

/**
 * Checks a callback URL's form without touching the network. Returns a reason when it is refused.
 */
export const checkCallbackUrl = (raw: string, policy: CallbackUrlPolicy): string | undefined => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (raw.length > 2048) return 'must be at most 2048 characters';
  const allowedProtocols = policy.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(url.protocol)) {
    return policy.allowPrivate ? 'must use http or https' : 'must use https';
  }
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (url.hash !== '') return 'must not contain a fragment';
  return hostRefusal(normalizeHost(url.hostname), policy) ?? portRefusal(url, policy);
};

const lookupAll = promisify(dnsLookup);

/**
 * Resolves a host at submit time and refuses it when any address is forbidden. Locally (private
 * allowed) nothing is resolved: the connect-time guard still refuses metadata addresses.
 */
export const checkCallbackHostResolves = async (raw: string, policy: CallbackUrlPolicy): Promise<string | undefined> => {
  if (policy.allowPrivate) return undefined;
  const host = normalizeHost(new URL(raw).hostname);
  if (isIP(host) !== 0) return undefined;
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host, { all: true });
  } catch {
    return `host ${host} does not resolve`;
  }
  return addresses.some((entry) => isForbiddenAddress(entry.address))
    ? 'must not resolve to a private, loopback, link-local, metadata or other special-purpose address'
    : undefined;
};

/**
 * A `lookup` for http.request that refuses forbidden addresses at connect time, so a host that
 * passed the submit-time check cannot be re-pointed at an internal address (DNS rebinding).
 * One refused address refuses the host: the socket could otherwise pick it.
 */
export const guardedLookup =
  (policy: CallbackUrlPolicy): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0 || addresses.some((entry) => isRefusedAddress(entry.address, policy))) {
        return callback(new ForbiddenCallbackAddressError(hostname), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
