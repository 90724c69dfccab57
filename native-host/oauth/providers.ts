// The OAuth2 providers the helper can sign in with: the built-in table (Google, Microsoft) merged with the user's
// providers.json, which adds servers (a Keycloak in front of Dovecot, a company IdP) or replaces a built-in entry.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { ProviderName, Security } from '../../lib/account';
import { HostError } from '../errors';
import { BUILD_CLIENTS } from './build-clients';

/** A user's own file is small; anything larger is a mistake, not a provider list. */
const MAX_PROVIDERS_FILE_BYTES = 256 * 1024;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Endpoints are HTTPS; plain HTTP only to this machine (a local IdP, a test server), where nobody can listen in. */
export function isAllowedEndpoint(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

const Endpoint = z.url().max(2000).refine(isAllowedEndpoint, 'must be an https:// address (http:// only on 127.0.0.1 or localhost)');
const DomainName = z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a domain name such as example.com').max(253);

/** One entry of providers.json: the built-in table's fields, so that any entry there could be written here. */
export const ProviderEntry = z.strictObject({
  name: ProviderName,
  /** Shown on the button ("Sign in with <label>"); the name when absent. */
  label: z.string().min(1).max(40).optional(),
  authorizationUrl: Endpoint,
  tokenUrl: Endpoint,
  revocationUrl: Endpoint.optional(),
  scopes: z.array(z.string().min(1).max(300).regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'a scope has no spaces or quotes')).min(1).max(20),
  clientId: z.string().min(1).max(300),
  clientSecret: z.string().min(1).max(300).optional(),
  imap: z.strictObject({ host: z.string().min(1).max(255), port: z.number().int().min(1).max(65535), security: Security }),
  domains: z.array(DomainName).max(200).optional(),
  /** MX host names (or their parent domains) that mean "hosted here", for custom domains. */
  mxHosts: z.array(DomainName).max(50).optional(),
  /** How the provider returns the code: `form_post` keeps it out of the browser's history and cache where supported. */
  responseMode: z.enum(['query', 'form_post']).optional(),
  /** Extra authorization request parameters (Google needs access_type=offline for a refresh token). */
  authorizationParameters: z.record(z.string().regex(/^[a-z_]{1,40}$/), z.string().max(200)).optional(),
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

export interface OAuthProvider extends Omit<ProviderEntry, 'clientId'> {
  label: string;
  /** Empty when this helper was built without one: the provider is then listed but cannot sign in. */
  clientId: string;
  /** For a built-in provider, the build variable its client ID comes from. */
  clientIdVariable?: string;
  domains: string[];
  mxHosts: string[];
  responseMode: 'query' | 'form_post';
}

const BUILT_IN: OAuthProvider[] = [
  {
    name: 'google',
    label: 'Google',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    revocationUrl: 'https://oauth2.googleapis.com/revoke',
    scopes: ['https://mail.google.com/'],
    ...clientOf('google'),
    imap: { host: 'imap.gmail.com', port: 993, security: 'tls' },
    domains: ['gmail.com', 'googlemail.com'],
    mxHosts: ['google.com', 'googlemail.com'],
    responseMode: 'query',
    // Without these Google issues no refresh token, or none on a second sign-in.
    authorizationParameters: { access_type: 'offline', prompt: 'consent' },
  },
  {
    name: 'microsoft',
    label: 'Microsoft',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    scopes: ['https://outlook.office.com/IMAP.AccessAsUser.All', 'offline_access'],
    ...clientOf('microsoft'),
    imap: { host: 'outlook.office365.com', port: 993, security: 'tls' },
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'outlook.de', 'hotmail.de', 'live.de', 'hotmail.co.uk', 'live.co.uk'],
    mxHosts: ['mail.protection.outlook.com', 'olc.protection.outlook.com'],
    responseMode: 'form_post',
  },
];

function clientOf(name: keyof typeof BUILD_CLIENTS): Pick<OAuthProvider, 'clientId' | 'clientSecret' | 'clientIdVariable'> {
  const { clientId, clientSecret, clientIdVariable } = BUILD_CLIENTS[name];
  return { clientId, clientIdVariable, ...(clientSecret ? { clientSecret } : {}) };
}

export function providersPath(configDir: string): string {
  return join(configDir, 'providers.json');
}

/** The built-in table with providers.json applied: an entry named like a built-in one replaces it. */
export async function loadProviders(configDir: string): Promise<OAuthProvider[]> {
  const custom = await readProvidersFile(providersPath(configDir));
  const byName = new Map(BUILT_IN.map((provider) => [provider.name, provider]));
  for (const entry of custom) byName.set(entry.name, fromEntry(entry));
  return [...byName.values()];
}

/** The provider of that name, or OAUTH_UNAVAILABLE naming the known ones. */
export async function findProvider(configDir: string, name: string): Promise<OAuthProvider> {
  const providers = await loadProviders(configDir);
  const provider = providers.find((p) => p.name === name);
  if (!provider) {
    throw new HostError(
      'OAUTH_UNAVAILABLE',
      `There is no OAuth2 provider named "${name}" (known: ${providers.map((p) => p.name).join(', ')}). Add it to ${providersPath(configDir)}.`,
    );
  }
  return provider;
}

/** The provider's client ID, or OAUTH_UNAVAILABLE saying which build variable was missing. */
export function requireClientId(provider: OAuthProvider): string {
  if (provider.clientId) return provider.clientId;
  const how = provider.clientIdVariable
    ? `it was built without ${provider.clientIdVariable} (see the README: "Register a client ID")`
    : 'its entry has no clientId';
  throw new HostError('OAUTH_UNAVAILABLE', `This Mailbadge helper cannot sign in with ${provider.label}: ${how}. Use an app password instead.`);
}

/** The provider whose table lists this domain, or whose MX host names match one of these. */
export function providerForDomain(providers: readonly OAuthProvider[], domain: string): OAuthProvider | undefined {
  const wanted = domain.toLowerCase();
  return providers.find((p) => p.domains.some((d) => d.toLowerCase() === wanted));
}

export function providerForMx(providers: readonly OAuthProvider[], mxHosts: readonly string[]): OAuthProvider | undefined {
  const hosts = mxHosts.map((host) => host.toLowerCase().replace(/\.$/, ''));
  return providers.find((p) => p.mxHosts.some((suffix) => hosts.some((host) => host === suffix || host.endsWith(`.${suffix.toLowerCase()}`))));
}

function fromEntry(entry: ProviderEntry): OAuthProvider {
  return { ...entry, label: entry.label ?? entry.name, domains: entry.domains ?? [], mxHosts: entry.mxHosts ?? [], responseMode: entry.responseMode ?? 'query' };
}

async function readProvidersFile(path: string): Promise<ProviderEntry[]> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_PROVIDERS_FILE_BYTES) {
      throw new HostError('CONFIG_INVALID', `${path} is larger than ${MAX_PROVIDERS_FILE_BYTES / 1024} KB; it should list a few providers.`);
    }
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof HostError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new HostError('CONFIG_INVALID', `Cannot read ${path}: ${(error as Error).message}. Check its permissions.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HostError('CONFIG_INVALID', `${path} is not valid JSON (${(error as Error).message.slice(0, 200)}). Fix it or move it away.`);
  }
  const parsed = z.array(ProviderEntry).max(50).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [index, ...field] = issue?.path ?? [];
    const entryName = typeof index === 'number' && Array.isArray(json) ? (json[index] as { name?: unknown } | undefined)?.name : undefined;
    const where = typeof index === 'number'
      ? `entry ${index}${typeof entryName === 'string' ? ` ("${entryName.slice(0, 40)}")` : ''}, field ${field.join('.') || '(the entry)'}`
      : 'the top level (it must be a JSON array of providers)';
    throw new HostError('CONFIG_INVALID', `${path}: ${where}: ${issue?.message ?? 'invalid'}. Fix that field or remove the entry.`);
  }
  const names = parsed.data.map((entry) => entry.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new HostError('CONFIG_INVALID', `${path}: the provider "${duplicate}" is listed twice; keep one.`);
  return parsed.data;
}
