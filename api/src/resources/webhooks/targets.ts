import ipaddr from 'ipaddr.js';

/**
 * Where Loket may send webhooks. By default only to the public internet: a subscription must not
 * make Loket call its own database, the cloud's metadata service or anything else inside the
 * network it runs in (server-side request forgery). An operator whose receivers live on the
 * premises allows private targets (WEBHOOK_ALLOW_PRIVATE_TARGETS); the metadata service, link-local
 * and other special addresses stay refused even then.
 */
export interface TargetPolicy {
  allowPrivate: boolean;
}

/** Ranges (as ipaddr.js names them) allowed only with private targets allowed. */
const privateRanges = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** Names that only ever mean something inside a network (RFC 6761, 6762, 8375, and the clouds'). */
const internalSuffixes = ['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home.arpa'];

/** Cloud metadata services, refused even when private targets are allowed. */
const metadataNames = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

const describeRange: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a unique-local address',
  carrierGradeNat: 'a carrier-grade NAT address',
  linkLocal: 'a link-local address (such as a cloud metadata service)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/**
 * Why Loket may not connect to this IP address, or null when it may. An IPv4-mapped IPv6 address
 * counts as the IPv4 address it carries; only public unicast addresses pass without the policy.
 */
export function addressProblem(address: string, policy: TargetPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address.`;
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (policy.allowPrivate && privateRanges.has(range)) return null;
  return `${parsed.toString()} is ${describeRange[range] ?? `in a reserved range (${range})`}; Loket does not send webhooks there.`;
}

/**
 * Why a webhook URL is refused, or null when it may be used: not http(s), credentials in it, or a
 * host that is, or can only name, an address inside the network. A name that looks public is
 * checked again, address by address, when a delivery resolves it.
 */
export function targetProblem(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The URL is not valid.';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return 'The URL must start with http:// or https://.';
  if (parsed.username || parsed.password) {
    return 'The URL must not contain a user name or password; verify deliveries by their signature instead.';
  }
  // The URL parser has already turned 127.1, 2130706433 and 0x7f000001 into 127.0.0.1.
  const host = parsed.hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '')
    .toLowerCase();
  if (ipaddr.isValid(host)) return addressProblem(host, policy);
  if (metadataNames.has(host)) return `${host} is a cloud metadata service; Loket does not send webhooks there.`;
  if (policy.allowPrivate) return null;
  if (!host.includes('.') || internalSuffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return `${host} names a host inside a private network; Loket sends webhooks only to public addresses.`;
  }
  return null;
}
