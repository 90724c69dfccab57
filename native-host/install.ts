// Registers the host with browsers: a launcher that runs this Node.js on the host bundle, and one manifest per browser.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_ID, GECKO_ID, NATIVE_HOST_NAME } from '../lib/extension-identity';
import { writeFileAtomic } from './config';
import { HostError } from './errors';

export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'vivaldi', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

const LINUX_DIRS: Record<Browser, string> = {
  chrome: '.config/google-chrome/NativeMessagingHosts',
  chromium: '.config/chromium/NativeMessagingHosts',
  edge: '.config/microsoft-edge/NativeMessagingHosts',
  brave: '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  vivaldi: '.config/vivaldi/NativeMessagingHosts',
  firefox: '.mozilla/native-messaging-hosts',
};
const MAC_DIRS: Record<Browser, string> = {
  chrome: 'Library/Application Support/Google/Chrome/NativeMessagingHosts',
  chromium: 'Library/Application Support/Chromium/NativeMessagingHosts',
  edge: 'Library/Application Support/Microsoft Edge/NativeMessagingHosts',
  brave: 'Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts',
  vivaldi: 'Library/Application Support/Vivaldi/NativeMessagingHosts',
  firefox: 'Library/Application Support/Mozilla/NativeMessagingHosts',
};
const WINDOWS_KEYS: Record<Browser, string> = {
  chrome: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'HKCU\\Software\\Chromium\\NativeMessagingHosts',
  edge: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  vivaldi: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts',
  firefox: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts',
};

export function parseBrowsers(value: string | undefined): Browser[] {
  if (value === undefined || value === 'all') return [...BROWSERS];
  if ((BROWSERS as readonly string[]).includes(value)) return [value as Browser];
  throw new HostError('BAD_MESSAGE', `Unknown browser "${value}". Use one of: ${BROWSERS.join(', ')}, all.`);
}

/** The bundled host next to this file when running from the bundle, else the repo's build output. */
export function hostBundlePath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.mjs')) return here;
  const built = resolve(dirname(here), '..', '.output', 'native-host', 'mailbadge-host.mjs');
  if (!existsSync(built)) throw new HostError('CONFIG_INVALID', `The host is not built yet (${built} is missing). Run \`npm run build\` first.`);
  return built;
}

export function manifestFor(browser: Browser, launcherPath: string): Record<string, unknown> {
  const common = { name: NATIVE_HOST_NAME, description: 'Mailbadge native host (IMAP unread counts)', path: launcherPath, type: 'stdio' };
  return browser === 'firefox'
    ? { ...common, allowed_extensions: [GECKO_ID] }
    : { ...common, allowed_origins: [`chrome-extension://${EXTENSION_ID}/`] };
}

export interface InstallOptions {
  browsers: Browser[];
  /** Write the manifest into this directory instead of the browsers' own (e.g. `<profile>/NativeMessagingHosts`). */
  dir?: string;
  configDir: string;
  env?: NodeJS.ProcessEnv;
}

/** Returns the manifest files written (or registry keys set, on Windows). */
export async function install({ browsers, dir, configDir, env = process.env }: InstallOptions): Promise<string[]> {
  const launcher = await writeLauncher(configDir, env);
  const written: string[] = [];
  for (const browser of browsers) {
    const manifest = JSON.stringify(manifestFor(browser, launcher), null, 2) + '\n';
    if (dir || process.platform !== 'win32') {
      const target = join(dir ?? manifestDir(browser), `${NATIVE_HOST_NAME}.json`);
      await mkdir(dirname(target), { recursive: true });
      await writeFileAtomic(target, manifest);
      await chmod(target, 0o644); // browsers read it as the user; no secret inside
      written.push(target);
    } else {
      const target = join(configDir, `${NATIVE_HOST_NAME}.${browser}.json`);
      await writeFileAtomic(target, manifest);
      const key = `${WINDOWS_KEYS[browser]}\\${NATIVE_HOST_NAME}`;
      execFileSync('reg', ['add', key, '/f', '/ve', '/t', 'REG_SZ', '/d', target]);
      written.push(key);
    }
  }
  return written;
}

export async function uninstall({ browsers, dir }: Pick<InstallOptions, 'browsers' | 'dir'>): Promise<string[]> {
  const removed: string[] = [];
  for (const browser of browsers) {
    if (dir || process.platform !== 'win32') {
      const target = join(dir ?? manifestDir(browser), `${NATIVE_HOST_NAME}.json`);
      if (existsSync(target)) {
        await rm(target);
        removed.push(target);
      }
    } else {
      const key = `${WINDOWS_KEYS[browser]}\\${NATIVE_HOST_NAME}`;
      try {
        execFileSync('reg', ['delete', key, '/f'], { stdio: 'ignore' });
        removed.push(key);
      } catch {
        // not registered for this browser
      }
    }
  }
  return removed;
}

function manifestDir(browser: Browser): string {
  if (process.platform === 'darwin') return join(homedir(), MAC_DIRS[browser]);
  const relative = LINUX_DIRS[browser];
  // ~/.config honours XDG_CONFIG_HOME; Firefox's ~/.mozilla does not.
  if (relative.startsWith('.config/') && process.env.XDG_CONFIG_HOME) return join(process.env.XDG_CONFIG_HOME, relative.slice('.config/'.length));
  return join(homedir(), relative);
}

/**
 * V8 settings for a small, long-running, I/O-bound process. Measured with 5 accounts × 20 folders on Dovecot:
 * ~85 MB RSS with Node's defaults, ~60 MB with these. Lite mode skips the optimising compiler (the host mostly
 * waits on sockets); a 1 MB semi-space and a 48 MB old space keep the heap from growing ahead of need
 * (the host uses ~18 MB of heap).
 */
export const HOST_NODE_FLAGS = ['--lite-mode', '--max-semi-space-size=1', '--max-old-space-size=48'];

/** Browsers start the host with a bare environment, so the launcher pins the Node.js binary and the config dir. */
async function writeLauncher(configDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const bundle = hostBundlePath();
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') {
    const path = join(configDir, 'mailbadge-host.bat');
    const lines = ['@echo off', `set "MAILBADGE_CONFIG_DIR=${configDir}"`];
    if (env.MAILBADGE_SECRETS) lines.push(`set "MAILBADGE_SECRETS=${env.MAILBADGE_SECRETS}"`);
    lines.push(`"${process.execPath}" ${HOST_NODE_FLAGS.join(' ')} "${bundle}" %*`);
    await writeFile(path, lines.join('\r\n') + '\r\n');
    return path;
  }
  const path = join(configDir, 'mailbadge-host');
  const lines = [
    '#!/bin/sh',
    '# Written by `mailbadge install`: starts the Mailbadge native host with the Node.js that installed it.',
    `MAILBADGE_CONFIG_DIR="\${MAILBADGE_CONFIG_DIR:-${shellQuoteInner(configDir)}}"`,
    'export MAILBADGE_CONFIG_DIR',
  ];
  if (env.MAILBADGE_SECRETS) {
    lines.push(`MAILBADGE_SECRETS="\${MAILBADGE_SECRETS:-${shellQuoteInner(env.MAILBADGE_SECRETS)}}"`, 'export MAILBADGE_SECRETS');
  }
  lines.push(`exec "${shellQuoteInner(process.execPath)}" ${HOST_NODE_FLAGS.join(' ')} "${shellQuoteInner(bundle)}" "$@"`);
  await writeFile(path, lines.join('\n') + '\n', { mode: 0o755 });
  await chmod(path, 0o755);
  return path;
}

/** Escapes text for use inside double quotes in sh. */
function shellQuoteInner(text: string): string {
  return text.replace(/[\\"$`]/g, (c) => `\\${c}`);
}
