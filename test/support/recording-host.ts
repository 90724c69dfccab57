// Puts a recorder between Chromium and the installed host: every byte each way on the native port is kept in a file,
// so a test can read every frame that crossed it (and the host's stderr).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { FrameDecoder } from '../../native-host/messaging/framing';

const RECORDER = `
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
const [launcher, dir] = [process.env.MAILBADGE_REAL_LAUNCHER, process.env.MAILBADGE_CAPTURE_DIR];
const file = (suffix) => createWriteStream(dir + '/' + process.pid + '.' + suffix);
const [toHost, fromHost, log] = [file('to-host'), file('from-host'), file('stderr')];
const host = spawn(launcher, process.argv.slice(2), { stdio: ['pipe', 'pipe', 'pipe'] });
process.stdin.on('data', (chunk) => { toHost.write(chunk); host.stdin.write(chunk); });
process.stdin.on('end', () => host.stdin.end());
host.stdout.on('data', (chunk) => { fromHost.write(chunk); process.stdout.write(chunk); });
host.stderr.on('data', (chunk) => log.write(chunk));
host.on('exit', (code) => Promise.all([toHost, fromHost, log].map((s) => new Promise((r) => s.end(r)))).then(() => process.exit(code ?? 0)));
`;

/**
 * Points the manifest in `manifestDir` at a recorder that starts the launcher it named. Returns the environment
 * Chromium must pass on (where the recorder finds the launcher and where it writes).
 */
export async function recordNativePort(manifestDir: string, captureDir: string): Promise<NodeJS.ProcessEnv> {
  const manifestPath = join(manifestDir, `${NATIVE_HOST_NAME}.json`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { path: string };
  const recorder = join(captureDir, 'recorder.mjs');
  const wrapper = join(captureDir, 'recorder.sh');
  await writeFile(recorder, RECORDER);
  await writeFile(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${recorder}" "$@"\n`, { mode: 0o755 });
  const realLauncher = manifest.path;
  await writeFile(manifestPath, JSON.stringify({ ...manifest, path: wrapper }, null, 2));
  return { MAILBADGE_REAL_LAUNCHER: realLauncher, MAILBADGE_CAPTURE_DIR: captureDir };
}

export interface Capture {
  toHost: unknown[];
  fromHost: unknown[];
  stderr: string;
}

/** Every frame recorded so far, decoded, and the hosts' stderr. */
export async function readCapture(captureDir: string): Promise<Capture> {
  const capture: Capture = { toHost: [], fromHost: [], stderr: '' };
  for (const name of (await readdir(captureDir)).sort()) {
    const bytes = await readFile(join(captureDir, name));
    if (name.endsWith('.stderr')) capture.stderr += bytes.toString('utf8');
    const into = name.endsWith('.to-host') ? capture.toHost : name.endsWith('.from-host') ? capture.fromHost : undefined;
    if (!into) continue;
    for (const frame of new FrameDecoder(Number.MAX_SAFE_INTEGER).push(bytes)) into.push(frame.ok ? frame.value : { undecodable: frame.reason });
  }
  return capture;
}
