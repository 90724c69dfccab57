// Test harness: a local HTTPS server for autoconfig files, with its own self-signed certificate for the test's host
// names; answers by host name and path from a table the test fills, 404 otherwise.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface AutoconfigServer {
  port: number;
  /** The certificate to trust (pass as `ca`, or write it for NODE_EXTRA_CA_CERTS). */
  certPem: string;
  /** "host/path" → body. */
  files: Map<string, string>;
  /** Requests seen, as "host/path". */
  requests: string[];
  stop(): Promise<void>;
}

export async function startAutoconfigServer(hostNames: string[]): Promise<AutoconfigServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mailbadge-autoconfig-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=autoconfig test',
      '-addext', `subjectAltName=${hostNames.map((name) => `DNS:${name}`).join(',')}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    const [key, certPem] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]);
    const files = new Map<string, string>();
    const requests: string[] = [];
    const server: Server = createServer({ key, cert: certPem }, (req, res) => {
      const where = `${(req.headers.host ?? '').replace(/:\d+$/, '')}${req.url ?? '/'}`;
      requests.push(where);
      const body = files.get(where);
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      port: (server.address() as AddressInfo).port,
      certPem,
      files,
      requests,
      stop: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A config-v1.1.xml naming one IMAP server. */
export function autoconfigXml(host: string, port: number, socketType: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example">
    <domain>example</domain>
    <incomingServer type="imap">
      <hostname>${host}</hostname>
      <port>${port}</port>
      <socketType>${socketType}</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>${extra}
  </emailProvider>
</clientConfig>`;
}
