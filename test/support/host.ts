// Runs the built native host's command line the way a user or a browser would, with a private config dir.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DovecotServer } from './dovecot';
import { HOST_BUNDLE } from './paths';

export interface HostResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface HostEnv {
  configDir: string;
}

export async function makeConfigDir(): Promise<HostEnv & { remove(): Promise<void> }> {
  const configDir = await mkdtemp(join(tmpdir(), 'mailbadge-config-'));
  return { configDir, remove: () => rm(configDir, { recursive: true, force: true }) };
}

/** Environment for a host process using this config dir and the file-backed password store. */
export function hostEnvironment({ configDir }: HostEnv): NodeJS.ProcessEnv {
  return { ...process.env, MAILBADGE_CONFIG_DIR: configDir, MAILBADGE_SECRETS: 'file' };
}

export function runHost(env: HostEnv, args: string[], stdin?: string, timeoutMs = 30_000): Promise<HostResult> {
  return runHostWithEnvironment(hostEnvironment(env), args, stdin, timeoutMs);
}

/** The same with a whole environment of the caller's choosing (e.g. to pick the password store). */
export function runHostWithEnvironment(environment: NodeJS.ProcessEnv, args: string[], stdin?: string, timeoutMs = 30_000): Promise<HostResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HOST_BUNDLE, ...args], { env: environment, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

export interface AddAccountOptions {
  name?: string;
  user?: string;
  password?: string;
  security?: 'tls' | 'starttls';
  folders?: string[];
  trustFingerprint?: string | false;
}

/** Adds an account for a test Dovecot, trusting its self-signed certificate unless told not to. */
export async function addDovecotAccount(env: HostEnv, server: DovecotServer, options: AddAccountOptions = {}): Promise<HostResult> {
  const user = options.user ?? server.users[0]!.user;
  const password = options.password ?? server.users.find((u) => u.user === user)!.password;
  const security = options.security ?? 'tls';
  const args = [
    'accounts', 'add',
    '--name', options.name ?? 'Test',
    '--host', server.host,
    '--port', String(security === 'tls' ? server.imapsPort : server.imapPort),
    '--security', security,
    '--user', user,
    '--password-stdin',
  ];
  if (options.folders) args.push('--folders', options.folders.join(','));
  const pin = options.trustFingerprint === undefined ? server.certFingerprint256 : options.trustFingerprint;
  if (pin) args.push('--trust-fingerprint', pin);
  const result = await runHost(env, args, password);
  if (result.code !== 0) throw new Error(`accounts add failed: ${result.stderr}`);
  return result;
}

/** Host processes started by Chromium for this config dir (found through their environment), newest last. */
export function hostProcesses(configDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      if (cmdline.includes('mailbadge-host.mjs') && cmdline.includes('chrome-extension://') && environ.includes(`MAILBADGE_CONFIG_DIR=${configDir}\0`)) {
        pids.push(Number(entry));
      }
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

