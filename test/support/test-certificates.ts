// Server certificates for TLS tests, made with the openssl CLI: self-signed, expired, or issued by a private authority.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const openssl = (args: string[]) => run('openssl', args);

export interface TestCertificate {
  /** PEM private key of the server. */
  key: string;
  /** PEM of what the server presents: its certificate, then any intermediate/authority. */
  cert: string;
  /** SHA-256 fingerprint of the server's own certificate, as Node prints it (what a user pins). */
  fingerprint256: string;
}

export type CertificateKind =
  /** Valid for a month, issued by itself, for localhost and 127.0.0.1. */
  | 'self-signed'
  /** Issued by itself and already expired (its validity ends a day before it starts). */
  | 'expired'
  /** Issued by an authority no system trusts; the server sends both certificates. */
  | 'private-ca';

const SAN = 'subjectAltName=DNS:localhost,IP:127.0.0.1';

export async function makeCertificate(kind: CertificateKind, commonName = 'localhost'): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'mailbadge-cert-'));
  const file = (name: string) => join(dir, name);
  try {
    await openssl(['genrsa', '-out', file('key.pem'), '2048']);
    await openssl(['req', '-new', '-key', file('key.pem'), '-subj', `/CN=${commonName}`, '-out', file('server.csr')]);
    await writeFile(file('ext.cnf'), `${SAN}\n`);
    if (kind === 'private-ca') {
      await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca-key.pem'), '-out', file('ca.pem'), '-subj', '/CN=Mailbadge Test Private CA', '-days', '30']);
      await openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-set_serial', '2', '-days', '30', '-extfile', file('ext.cnf'), '-out', file('cert.pem')]);
    } else {
      // -days -1: not-after lies a day before not-before, so the certificate is expired from the start.
      const days = kind === 'expired' ? '-1' : '30';
      await openssl(['x509', '-req', '-in', file('server.csr'), '-signkey', file('key.pem'), '-days', days, '-extfile', file('ext.cnf'), '-out', file('cert.pem')]);
    }
    const own = await readFile(file('cert.pem'), 'utf8');
    const chain = kind === 'private-ca' ? own + (await readFile(file('ca.pem'), 'utf8')) : own;
    return { key: await readFile(file('key.pem'), 'utf8'), cert: chain, fingerprint256: new X509Certificate(own).fingerprint256 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
