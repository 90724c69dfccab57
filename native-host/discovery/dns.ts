// DNS for discovery: one resolver with a short timeout (c-ares, so a lookup can be given up on), servers injectable
// so that tests ask a local DNS server; also serves as the name lookup of the autoconfig HTTPS requests.
import type { LookupFunction } from 'node:net';
import { Resolver } from 'node:dns/promises';

export interface DnsOptions {
  /** "host:port" of the DNS servers to ask; the system's when absent. */
  servers?: readonly string[];
  timeoutMs?: number;
}

export interface SrvTarget {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

export interface Dns {
  srv(name: string): Promise<SrvTarget[]>;
  mx(domain: string): Promise<string[]>;
  /** For node:https: resolves through this resolver, not getaddrinfo, which cannot be interrupted. */
  lookup: LookupFunction;
}

export function makeDns({ servers, timeoutMs = 2_500 }: DnsOptions = {}): Dns {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (servers?.length) resolver.setServers([...servers]);
  const lookup: LookupFunction = (hostname, options, callback) => {
    const addresses = resolver.resolve4(hostname).then(
      (v4) => v4.map((address) => ({ address, family: 4 })),
      () => resolver.resolve6(hostname).then((v6) => v6.map((address) => ({ address, family: 6 }))),
    );
    addresses.then(
      (found) => {
        if (found.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
        if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, all: typeof found) => void)(null, found);
        callback(null, found[0]!.address, found[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 4),
    );
  };
  return {
    async srv(name) {
      return (await resolver.resolveSrv(name)).map(({ name: target, port, priority, weight }) => ({ name: target, port, priority, weight }));
    },
    async mx(domain) {
      return (await resolver.resolveMx(domain)).sort((a, b) => a.priority - b.priority).map((record) => record.exchange);
    },
    lookup,
  };
}
