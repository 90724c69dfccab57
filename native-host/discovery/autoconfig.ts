// A domain's own autoconfig file (Thunderbird's config-v1.1.xml): fetched over HTTPS only, capped in size, parsed
// without DOCTYPEs or entities, and checked field by field; only an IMAP server with TLS or STARTTLS is taken.
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import * as z from 'zod';
import type { Security } from '../../lib/account';

/** Real files are 1–5 KB; a large one is a mistake or an attack. */
export const MAX_AUTOCONFIG_BYTES = 64 * 1024;

export interface ServerSettings {
  host: string;
  port: number;
  security: Security;
}

/** The file exists but cannot be used; the message names the problem (discovery moves on to the next source). */
export class AutoconfigRejected extends Error {}

export interface FetchOptions {
  lookup: LookupFunction;
  timeoutMs: number;
  /** Tests serve the file on a local port instead of 443. */
  port?: number;
  /** Extra certificate authorities to trust (tests); NODE_EXTRA_CA_CERTS works too. */
  ca?: string[];
}

/** The file's text; undefined when there is none (no such host, 404, a redirect); AutoconfigRejected when it is too large. */
export function fetchAutoconfig(url: string, options: FetchOptions): Promise<string | undefined> {
  const target = new URL(url);
  if (target.protocol !== 'https:') throw new Error('autoconfig is only ever fetched over https');
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'GET',
        lookup: options.lookup,
        // One request per file: no pooled connection that would skip the lookup (or keep the process alive).
        agent: false,
        timeout: options.timeoutMs,
        headers: { accept: 'application/xml, text/xml' },
        ...(options.port ? { port: options.port } : {}),
        ...(options.ca ? { ca: options.ca } : {}),
      },
      (response) => {
        // Redirects are not followed: one could lead to plain HTTP, and Thunderbird's own sources need none.
        if (response.statusCode !== 200) {
          response.resume();
          return resolve(undefined);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_AUTOCONFIG_BYTES) {
            req.destroy();
            reject(new AutoconfigRejected(`${url} is larger than ${MAX_AUTOCONFIG_BYTES / 1024} KB, which no mail configuration needs`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', () => resolve(undefined));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

const Port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be a port number').max(65535, 'must be a port number'));

const IncomingServer = z.object({
  '@_type': z.string().max(20),
  hostname: z.string().min(1).max(255),
  port: Port,
  socketType: z.enum(['SSL', 'STARTTLS', 'plain'], 'must be SSL, STARTTLS or plain'),
});

const OneOrMany = <T extends z.ZodType>(item: T) => z.array(item).max(20);

const ClientConfig = z.object({
  clientConfig: z.object({
    emailProvider: z.object({
      incomingServer: OneOrMany(z.unknown()),
    }),
  }),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  // Every value stays a string: the schema decides what is a number.
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  maxNestedTags: 20,
  isArray: (name) => name === 'incomingServer',
});

const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The IMAP server the file names, preferring implicit TLS; AutoconfigRejected when the file is unusable. */
export function parseAutoconfig(xml: string, domain: string, source: string): ServerSettings | undefined {
  // A DOCTYPE is where entity expansion ("billion laughs") and external entities live; no real config has one.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AutoconfigRejected(`${source} declares a DOCTYPE or entities, which Mailbadge refuses to read`);
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    throw new AutoconfigRejected(`${source} is not well-formed XML (${firstLine(error)})`);
  }
  const outline = ClientConfig.safeParse(document);
  if (!outline.success) throw new AutoconfigRejected(`${source} is not a mail configuration (${describe(outline.error)})`);
  const imap: ServerSettings[] = [];
  for (const [index, raw] of outline.data.clientConfig.emailProvider.incomingServer.entries()) {
    const parsed = IncomingServer.safeParse(raw);
    if (!parsed.success) throw new AutoconfigRejected(`${source}: incomingServer ${index}: ${describe(parsed.error)}`);
    const server = parsed.data;
    if (server['@_type'] !== 'imap') continue;
    // Without TLS a password would cross the network in the clear: such an entry is never used.
    if (server.socketType === 'plain') continue;
    const host = server.hostname.replaceAll('%EMAILDOMAIN%', domain).toLowerCase();
    if (!HOST_NAME.test(host)) throw new AutoconfigRejected(`${source}: incomingServer ${index}: hostname "${host.slice(0, 60)}" is not a host name`);
    imap.push({ host, port: server.port, security: server.socketType === 'SSL' ? 'tls' : 'starttls' });
  }
  return imap.find((server) => server.security === 'tls') ?? imap[0];
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}`.slice(0, 300);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}
