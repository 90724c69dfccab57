// The host as a browser starts it: `install` writes a launcher script, and the benchmark starts the host through it.
// The launcher's Node.js flags are read back so contender scripts run under the same V8 settings as the host.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { runHost, type HostEnv } from '../../test/support/host';

export interface Launcher {
  path: string;
  /** The `--flags` the launcher passes to Node.js before the host bundle (empty if it passes none we can read). */
  nodeFlags: string[];
}

const Manifest = z.object({ path: z.string().min(1) });

export async function installLauncher(env: HostEnv): Promise<Launcher> {
  const dir = join(env.configDir, 'manifests');
  const result = await runHost(env, ['install', '--browser', 'chromium', '--dir', dir]);
  if (result.code !== 0) throw new Error(`mailbadge install failed: ${result.stderr}`);
  const { path } = Manifest.parse(JSON.parse(readFileSync(join(dir, `${NATIVE_HOST_NAME}.json`), 'utf8')));
  return { path, nodeFlags: nodeFlagsOf(readFileSync(path, 'utf8')) };
}

/** The options between the Node.js executable and the bundle on the launcher's `exec` line. */
export function nodeFlagsOf(script: string): string[] {
  const line = script.split('\n').find((l) => /^\s*exec\s/.test(l)) ?? '';
  return [...line.matchAll(/\s(--[a-z][a-z0-9-]*(?:=[^\s"]+)?)/g)].map((match) => match[1]!);
}
