// Server settings from an email address, as Thunderbird finds them: the provider table, the domain's autoconfig file,
// RFC 6186 SRV records, the MX hosts matched against the provider table, and finally the imap.<domain> guess.
import { emailDomain, guessServer } from '../../lib/providers';
import type { DiscoverySource } from '../../lib/protocol';
import { HostError } from '../errors';
import { providerForDomain, providerForMx, type OAuthProvider } from '../oauth/providers';
import { AutoconfigRejected, fetchAutoconfig, parseAutoconfig, type ServerSettings } from './autoconfig';
import { makeDns, type Dns } from './dns';

/** Each source gets this long; they are asked at once, so the whole answer comes within about this time. */
const SOURCE_TIMEOUT_MS = 4_000;

export interface DiscoveryOptions {
  providers: readonly OAuthProvider[];
  /** DNS servers ("host:port") instead of the system's: tests point this at a local DNS server. */
  dnsServers?: readonly string[];
  /** The autoconfig HTTPS port instead of 443 (tests). */
  httpsPort?: number;
  /** Extra CAs for the autoconfig HTTPS requests (tests). */
  ca?: string[];
  timeoutMs?: number;
}

export interface Discovered extends ServerSettings {
  source: DiscoverySource;
  /** The provider to sign in with, when the settings came from (or point to) one that supports OAuth2. */
  oauth: OAuthProvider | undefined;
  /** Sources that answered with something unusable, each with the reason (shown on stderr by the CLI). */
  rejected: string[];
}

/** Test hooks for a host started as a process: MAILBADGE_DNS_SERVERS (comma-separated) and MAILBADGE_AUTOCONFIG_HTTPS_PORT. */
export function discoveryOverrides(env: NodeJS.ProcessEnv = process.env): Pick<DiscoveryOptions, 'dnsServers' | 'httpsPort'> {
  const servers = env.MAILBADGE_DNS_SERVERS?.split(',').map((s) => s.trim()).filter(Boolean);
  const port = Number(env.MAILBADGE_AUTOCONFIG_HTTPS_PORT);
  return { ...(servers?.length ? { dnsServers: servers } : {}), ...(Number.isInteger(port) && port > 0 && port < 65536 ? { httpsPort: port } : {}) };
}

export async function discover(address: string, options: DiscoveryOptions): Promise<Discovered> {
  const domain = emailDomain(address);
  if (!domain) throw new HostError('BAD_MESSAGE', `"${address.slice(0, 100)}" is not an email address (name@domain).`);
  const rejected: string[] = [];
  const found = (settings: ServerSettings, source: DiscoverySource, oauth?: OAuthProvider): Discovered => ({ ...settings, source, oauth, rejected });

  const provider = providerForDomain(options.providers, domain);
  if (provider) return found(provider.imap, 'provider', provider);
  const known = guessServer(address);
  if (known?.known) return found({ host: known.host, port: known.port, security: known.security }, 'provider');

  const timeoutMs = options.timeoutMs ?? SOURCE_TIMEOUT_MS;
  const dns = makeDns({ ...(options.dnsServers ? { servers: options.dnsServers } : {}), timeoutMs: Math.min(timeoutMs, 2_500) });
  // Every source starts now; they are then read in order of preference.
  const sources: Array<[DiscoverySource, Promise<ServerSettings | OAuthProvider | undefined>]> = [
    ['autoconfig', withTimeout(autoconfigAt(`https://autoconfig.${domain}/mail/config-v1.1.xml`, domain, dns, options, timeoutMs, rejected), timeoutMs)],
    ['autoconfig', withTimeout(autoconfigAt(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`, domain, dns, options, timeoutMs, rejected), timeoutMs)],
    ['srv', withTimeout(srvAt(dns, `_imaps._tcp.${domain}`, 'tls'), timeoutMs)],
    ['srv', withTimeout(srvAt(dns, `_imap._tcp.${domain}`, 'starttls'), timeoutMs)],
    ['mx', withTimeout(dns.mx(domain).then((hosts) => providerForMx(options.providers, hosts)), timeoutMs)],
  ];
  for (const [source, answer] of sources) {
    const result = await answer;
    if (!result) continue;
    if ('imap' in result) return found(result.imap, source, result);
    return found(result, source, providerForHost(options.providers, result.host));
  }
  return found({ host: `imap.${domain}`, port: 993, security: 'tls' }, 'guess');
}

async function autoconfigAt(url: string, domain: string, dns: Dns, options: DiscoveryOptions, timeoutMs: number, rejected: string[]): Promise<ServerSettings | undefined> {
  try {
    const xml = await fetchAutoconfig(url, {
      lookup: dns.lookup,
      timeoutMs,
      ...(options.httpsPort ? { port: options.httpsPort } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
    });
    return xml === undefined ? undefined : parseAutoconfig(xml, domain, url);
  } catch (error) {
    if (error instanceof AutoconfigRejected) rejected.push(error.message);
    return undefined;
  }
}

/** RFC 6186: the best-priority target; "." means the domain says it offers no such service. */
async function srvAt(dns: Dns, name: string, security: ServerSettings['security']): Promise<ServerSettings | undefined> {
  const records = await dns.srv(name);
  const usable = records
    .filter((r) => r.name && r.name !== '.' && r.port > 0)
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const best = usable[0];
  return best ? { host: best.name.replace(/\.$/, '').toLowerCase(), port: best.port, security } : undefined;
}

/** Settings from autoconfig or SRV that name a provider's IMAP host still sign in with that provider. */
function providerForHost(providers: readonly OAuthProvider[], host: string): OAuthProvider | undefined {
  return providers.find((p) => p.imap.host.toLowerCase() === host.toLowerCase());
}

/** A source that fails or takes too long counts as absent; it never fails the whole discovery. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
