// The esbuild options every bundle of host code shares: the host itself (scripts/build-host.mjs) and the benchmark's
// contender scripts (bench/lib/build.ts), so that a contender costs what the same code would cost inside the host.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyLibmimeCodecs, oneLibmime } from './bundle-patches.mjs';

const STUBS = join(dirname(fileURLToPath(import.meta.url)), 'bundle-stubs');

/** @type {import('esbuild').BuildOptions} */
export const HOST_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Without comments and indentation the sources V8 keeps are ~30% smaller; names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  // ASCII only: V8 keeps a source with any other character as two bytes per character.
  charset: 'ascii',
  legalComments: 'none',
  logLevel: 'warning',
  // Dependencies of imapflow features the host never uses (its stdout logger, proxies): see the stubs' comments.
  alias: { pino: join(STUBS, 'pino.cjs'), socks: join(STUBS, 'socks.cjs') },
  // One libmime, whose codec tables load when a message needs them: see the plugins' comments.
  plugins: [oneLibmime, lazyLibmimeCodecs],
  // imapflow and its dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __mailbadgeCreateRequire } from 'node:module'; const require = __mailbadgeCreateRequire(import.meta.url);" },
};
