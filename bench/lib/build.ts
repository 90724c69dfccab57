// Builds what the benchmark runs: the extension and host (`npm run build`, unless --no-build) and one bundle per
// contender script, bundled the way the host is (one file, imapflow's unused logger and proxy left out) so that
// memory and start-up compare strategies, not loaders.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../test/support/paths';

export const CONTENDER_SCRIPTS = ['bare-notify', 'idle-per-folder', 'inbox-idle-sweep', 'naive-poll'] as const;
export type ContenderScript = (typeof CONTENDER_SCRIPTS)[number];

const OUT_DIR = join(REPO_ROOT, '.output', 'bench');

/** imapflow's unused logger and proxy support left out, and require() for CommonJS dependencies, as for the host. */
const STUBS = {
  alias: { pino: join(REPO_ROOT, 'scripts', 'bundle-stubs', 'pino.cjs'), socks: join(REPO_ROOT, 'scripts', 'bundle-stubs', 'socks.cjs') },
  banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
};

export function contenderBundle(script: ContenderScript): string {
  return join(OUT_DIR, `${script}.mjs`);
}

/**
 * The host bundle as scripts/build-host.mjs makes it, but minified: only to measure what dropping comments and
 * whitespace saves in memory (V8 keeps the source text; one non-Latin-1 character in a comment makes all of it
 * two bytes per character). The shipped build is not changed here.
 */
export async function buildMinifiedHost(): Promise<string> {
  const outfile = join(OUT_DIR, 'mailbadge-host.min.mjs');
  await build({
    entryPoints: [join(REPO_ROOT, 'native-host', 'main.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    external: ['@napi-rs/keyring'],
    ...STUBS,
  });
  return outfile;
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
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    ...STUBS,
  });
}
