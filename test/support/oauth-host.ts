// Runs `accounts add --oauth` the way a user does: reads the sign-in address it prints, approves the sign-in, waits for it to finish.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DovecotServer } from './dovecot';
import { hostEnvironment, type HostEnv, type HostResult } from './host';
import type { MockOAuthServer } from './oauth-server';
import { HOST_BUNDLE } from './paths';
import { approveSignIn, type LoopbackPage } from './sign-in-browser';

/** providers.json naming the test server `name`, its IMAP settings those of the test Dovecot. */
export async function writeProviders(env: HostEnv, oauth: MockOAuthServer, server: DovecotServer, names: string[] = ['testidp'], extra: Record<string, unknown> = {}): Promise<void> {
  const imap = { host: server.host, port: server.imapsPort, security: 'tls' };
  await writeFile(join(env.configDir, 'providers.json'), JSON.stringify(names.map((name) => oauth.provider(name, { imap, ...extra }))));
}

export interface OAuthAddResult extends HostResult {
  url: string | undefined;
  page: LoopbackPage | undefined;
}

/** `accounts add … --oauth`; `approve` decides what the "user" does with the printed address (default: approve it). */
export function addOAuthAccount(env: HostEnv, args: string[], approve: (url: string) => Promise<LoopbackPage> = approveSignIn): Promise<OAuthAddResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST_BUNDLE, 'accounts', 'add', ...args], { env: hostEnvironment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let url: string | undefined;
    let page: Promise<LoopbackPage | undefined> = Promise.resolve(undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /^Open this address to sign in: (\S+)$/m.exec(stdout)?.[1];
      if (found && !url) {
        url = found;
        page = approve(found).catch(() => undefined);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      void page.then((shown) => resolve({ code, stdout, stderr, url, page: shown }));
    });
  });
}
