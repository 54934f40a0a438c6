import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { promisify } from 'node:util';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface CallbackUrlPolicy {
  /** Allow plain http and private, loopback and link-local hosts (the local stack only). */
  allowPrivate: boolean;
}

export class ForbiddenCallbackAddressError extends Error {
  constructor(readonly host: string) {
    super(`callback host ${host} resolves to a private, loopback, link-local or metadata address`);
    this.name = 'ForbiddenCallbackAddressError';
  }
}

// Addresses a callback must never reach when deployed: private, shared, loopback, link-local
// (cloud metadata 169.254.169.254, fd00:ec2::254), multicast, reserved and documentation ranges.
const forbidden = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7],
  ['fe80::', 10], ['ff00::', 8],
] as const) {
  forbidden.addSubnet(net, prefix, 'ipv6');
}

const FORBIDDEN_HOSTNAMES = [/^localhost$/i, /\.localhost$/i, /^metadata\.google\.internal$/i, /\.internal$/i];

/** True when an IP address literal is one a deployed service must not call. */
export const isForbiddenAddress = (address: string): boolean => {
  const family = isIP(address);
  if (family === 4) return forbidden.check(address, 'ipv4');
  if (family === 6) {
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged by their IPv4 part.
    const mapped = /^::(ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return forbidden.check(mapped[2], 'ipv4');
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1], 16);
      const lo = parseInt(hexMapped[2], 16);
      return forbidden.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
    }
    return forbidden.check(address, 'ipv6');
  }
  return true;
};

const stripBrackets = (host: string): string => host.replace(/^\[(.*)\]$/, '$1');

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
  if (policy.allowPrivate) return undefined;
  const host = stripBrackets(url.hostname);
  if (isIP(host) !== 0) {
    return isForbiddenAddress(host) ? 'must not point to a private, loopback, link-local or metadata address' : undefined;
  }
  if (FORBIDDEN_HOSTNAMES.some((pattern) => pattern.test(host))) {
    return 'must not point to a local or internal host name';
  }
  return undefined;
};

const lookupAll = promisify(dnsLookup);

/** Resolves a host at submit time and refuses it when any address is forbidden. */
export const checkCallbackHostResolves = async (raw: string, policy: CallbackUrlPolicy): Promise<string | undefined> => {
  if (policy.allowPrivate) return undefined;
  const host = stripBrackets(new URL(raw).hostname);
  if (isIP(host) !== 0) return undefined;
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host, { all: true });
  } catch {
    return `host ${host} does not resolve`;
  }
  return addresses.some((entry) => isForbiddenAddress(entry.address))
    ? 'must not resolve to a private, loopback, link-local or metadata address'
    : undefined;
};

/**
 * A `lookup` for http.request that refuses forbidden addresses at connect time, so a host that
 * passed the submit-time check cannot be re-pointed at an internal address (DNS rebinding).
 */
export const guardedLookup =
  (policy: CallbackUrlPolicy): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = addresses;
      if (!policy.allowPrivate && addresses.some((a) => isForbiddenAddress(a.address))) {
        return callback(new ForbiddenCallbackAddressError(hostname), '', 0);
      }
      if (allowed.length === 0) return callback(new ForbiddenCallbackAddressError(hostname), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  };
