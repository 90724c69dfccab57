// The launcher browsers start: a script that runs one pinned Node.js on the host bundle, and how to read it back.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostError } from '../errors';
import { pathsFor, type Platform } from './locations';

/**
 * V8 settings for a small, long-running, I/O-bound process. Only the interpreter runs (no Sparkplug, Maglev or
 * TurboFan: the host mostly waits on sockets) and feedback is allocated lazily; a 1 MB semi-space keeps the young
 * generation small. The 48 MB old space is a ceiling, not a reservation: the host's live heap is ~8 MB and the largest
 * legal frames and folder list pass with half of it (docs/memory.md). Not --lite-mode: it implies --jitless, which
 * removes WebAssembly, and Node's fetch (undici's HTTP parser is WebAssembly) then crashes the host at the first OAuth2
 * token request; it would save 0.3 MB. Measured at 5 accounts × 20 folders (bench --only=memory): 54.9 MB RSS with
 * these, 70 MB with Node's defaults.
 */
export const HOST_NODE_FLAGS = ['--no-opt', '--no-sparkplug', '--no-maglev', '--lazy-feedback-allocation', '--max-semi-space-size=1', '--max-old-space-size=48'];

/** The bundle's entry file and the folder of the chunks it loads (scripts/build-host.mjs writes both). */
export const BUNDLE_ENTRY = 'mailbadge-host.mjs';
export const BUNDLE_CHUNKS_DIR = 'chunks';

/** The first line after the interpreter line; doctor and uninstall recognise our launcher by it. */
export const LAUNCHER_MARK = 'Written by `mailbadge-host install`';

export interface LauncherSpec {
  /** Absolute path of the Node.js binary: browsers start hosts with a bare PATH, so nothing is looked up. */
  nodePath: string;
  bundlePath: string;
  configDir: string;
  /** MAILBADGE_SECRETS at install time, kept so the browser's host uses the same password store as the CLI. */
  secrets?: string;
}

/** The bundle's entry file when running from the bundle (this code is in one of its chunks), else the repo's build output. */
export function hostBundlePath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.mjs')) return basename(dirname(here)) === BUNDLE_CHUNKS_DIR ? join(dirname(dirname(here)), BUNDLE_ENTRY) : here;
  const built = resolve(dirname(here), '..', '..', '.output', 'native-host', BUNDLE_ENTRY);
  if (!existsSync(built)) throw new HostError('CONFIG_INVALID', `The host is not built yet (${built} is missing). Run \`npm run build\` first.`);
  return built;
}

export function launcherPath(platform: Platform, configDir: string): string {
  return pathsFor(platform).join(configDir, platform === 'win32' ? 'mailbadge-host.bat' : 'mailbadge-host');
}

export function launcherText(platform: Platform, spec: LauncherSpec): string {
  if (platform === 'win32') {
    const lines = ['@echo off', `rem ${LAUNCHER_MARK}: starts the Mailbadge helper with the Node.js that installed it.`];
    lines.push(`set "MAILBADGE_CONFIG_DIR=${spec.configDir}"`);
    if (spec.secrets) lines.push(`set "MAILBADGE_SECRETS=${spec.secrets}"`);
    lines.push(`"${spec.nodePath}" ${HOST_NODE_FLAGS.join(' ')} "${spec.bundlePath}" %*`);
    return lines.join('\r\n') + '\r\n';
  }
  const lines = [
    '#!/bin/sh',
    `# ${LAUNCHER_MARK}: starts the Mailbadge helper with the Node.js that installed it.`,
    `MAILBADGE_CONFIG_DIR="\${MAILBADGE_CONFIG_DIR:-${shellQuoteInner(spec.configDir)}}"`,
    'export MAILBADGE_CONFIG_DIR',
  ];
  if (spec.secrets) lines.push(`MAILBADGE_SECRETS="\${MAILBADGE_SECRETS:-${shellQuoteInner(spec.secrets)}}"`, 'export MAILBADGE_SECRETS');
  lines.push(`exec "${shellQuoteInner(spec.nodePath)}" ${HOST_NODE_FLAGS.join(' ')} "${shellQuoteInner(spec.bundlePath)}" "$@"`);
  return lines.join('\n') + '\n';
}

/** What a launcher we wrote runs (and the password store it pins); undefined for a file that is not one of ours. */
export function readLauncher(text: string): { nodePath: string; bundlePath: string; secrets?: string } | undefined {
  if (!text.includes(LAUNCHER_MARK)) return undefined;
  const quoted = '"((?:[^"\\\\]|\\\\.)*)"';
  const secrets = /^MAILBADGE_SECRETS="\$\{MAILBADGE_SECRETS:-(.*)\}"$/m.exec(text)?.[1] ?? /^set "MAILBADGE_SECRETS=(.*)"\r?$/m.exec(text)?.[1];
  const pinned = secrets ? { secrets: shellUnquoteInner(secrets) } : {};
  const unix = new RegExp(`^exec ${quoted} .*?${quoted} "\\$@"$`, 'm').exec(text);
  if (unix) return { nodePath: shellUnquoteInner(unix[1]!), bundlePath: shellUnquoteInner(unix[2]!), ...pinned };
  const windows = /^"([^"]+)" .*?"([^"]+)" %\*\r?$/m.exec(text);
  if (windows) return { nodePath: windows[1]!, bundlePath: windows[2]!, ...pinned };
  return undefined;
}

/** Escapes text for use inside double quotes in sh. */
function shellQuoteInner(text: string): string {
  return text.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

function shellUnquoteInner(text: string): string {
  return text.replace(/\\([\\"$`])/g, '$1');
}
