import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { addressProblem, type TargetPolicy } from '../resources/webhooks/targets';

/** A webhook target Loket will not connect to; recorded as refused, never retried. */
export class RefusedTarget extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedTarget';
  }
}

/** How names are resolved: every address of a name, as `dns.lookup` with `all: true` answers. */
export type Resolver = (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, options, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * A `lookup` for sockets that resolves the name once, checks every address it has, and hands the
 * socket only those checked addresses: a name that resolves (or rebinds) to an address inside the
 * network fails the connection before it is made.
 */
export function guardedLookup(policy: TargetPolicy, resolver: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolver(hostname, { ...options, all: true })
      .then((addresses) => {
        const refused = addresses.map((a) => addressProblem(a.address, policy)).find((problem) => problem !== null);
        if (refused) throw new RefusedTarget(`${hostname} resolves to a refused address: ${refused}`);
        const [first] = addresses;
        if (!first) throw Object.assign(new Error(`${hostname} has no address.`), { code: 'ENOTFOUND' });
        if (options.all) (callback as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}

/** The HTTP agent webhooks are sent with: every connection goes through the guarded lookup. */
export function deliveryAgent(policy: TargetPolicy, resolver?: Resolver): Agent {
  return new Agent({ connect: { lookup: guardedLookup(policy, resolver) } });
}
