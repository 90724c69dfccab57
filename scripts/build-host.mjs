// Bundles the native host into one ESM file so the installed launcher starts fast without a TypeScript loader.
import { build } from 'esbuild';

await build({
  entryPoints: ['native-host/main.ts'],
  outfile: '.output/native-host/mailbadge-host.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // A native .node addon cannot be bundled: the keyring binding is loaded from node_modules at run time.
  external: ['@napi-rs/keyring'],
  // Dependencies of imapflow features the host never uses (its stdout logger, proxies): see the stubs' comments.
  alias: { pino: './scripts/bundle-stubs/pino.cjs', socks: './scripts/bundle-stubs/socks.cjs' },
  // imapflow and its dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __mailbadgeCreateRequire } from 'node:module'; const require = __mailbadgeCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log('built .output/native-host/mailbadge-host.mjs');
