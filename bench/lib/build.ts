// Builds what the benchmark runs: the extension and host (`npm run build`, unless --no-build) and one bundle per
// contender script, bundled the way the host is (HOST_LIKE_BUILD) so that memory and start-up compare strategies,
// not loaders.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import { HOST_BUNDLE_OPTIONS } from '../../scripts/host-bundle-options.mjs';
import { REPO_ROOT } from '../../test/support/paths';

export const CONTENDER_SCRIPTS = ['bare-notify', 'idle-per-folder', 'inbox-idle-sweep', 'naive-poll'] as const;
export type ContenderScript = (typeof CONTENDER_SCRIPTS)[number];

const OUT_DIR = join(REPO_ROOT, '.output', 'bench');

/** The options scripts/build-host.mjs bundles the host with: a script bundled with them costs what the same code
 * would cost inside the host. */
export const HOST_LIKE_BUILD = HOST_BUNDLE_OPTIONS as BuildOptions;

export function contenderBundle(script: ContenderScript): string {
  return join(OUT_DIR, `${script}.mjs`);
}

export async function buildAll(options: { host: boolean }): Promise<void> {
  if (options.host) {
    await new Promise<void>((resolve, reject) => {
      spawn('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`)),
      );
    });
  }
  await build({
    entryPoints: Object.fromEntries(CONTENDER_SCRIPTS.map((script) => [script, join(REPO_ROOT, 'bench', 'contenders', `${script}.ts`)])),
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    ...HOST_LIKE_BUILD,
  });
}
