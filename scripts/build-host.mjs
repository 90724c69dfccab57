// Bundles the native host into one ESM entry file (plus the chunks it loads on demand) so the installed launcher
// starts fast without a TypeScript loader.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { HOST_BUNDLE_OPTIONS } from './host-bundle-options.mjs';

const OUT_DIR = '.output/native-host';
// OAuth2 client IDs are baked in from the build's environment (native-host/oauth/build-clients.ts); without one the
// helper still works and the options page says why that provider's sign-in button is missing.
const CLIENT_VARIABLES = ['MAILBADGE_GOOGLE_CLIENT_ID', 'MAILBADGE_GOOGLE_CLIENT_SECRET', 'MAILBADGE_MICROSOFT_CLIENT_ID'];
const define = Object.fromEntries(CLIENT_VARIABLES.map((name) => [`process.env.${name}`, JSON.stringify(process.env[name] ?? '')]));

rmSync(OUT_DIR, { recursive: true, force: true });
const { metafile } = await build({
  entryPoints: { 'mailbadge-host': 'native-host/main.ts' },
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  // What most hosts never run (the command line, OAuth2 sign-in and token requests, discovery, the MIME decoder
  // where the server makes previews) sits behind dynamic import() in chunks of its own: V8 keeps a loaded script's
  // whole source in memory, and a module's top level runs when it loads.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  ...HOST_BUNDLE_OPTIONS,
  sourcemap: 'linked',
  // A native .node addon cannot be bundled: the keyring binding is loaded from node_modules at run time.
  external: ['@napi-rs/keyring'],
  define,
  metafile: true,
});

// `import { z } from 'zod'` (instead of `import * as z`) brings back zod's ~40 locales, 0.6 MB of source: refuse it.
const locales = Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs))
  .filter(([path, input]) => /zod[\\/]v4[\\/]locales[\\/](?!en\.js$)/.test(path) && input.bytesInOutput > 0);
if (locales.length > 0) throw new Error(`The host bundle holds zod locales (${locales[0][0]}, …): import zod as \`import * as z from 'zod'\`.`);

// A single non-ASCII byte would double the memory a script's source takes: refuse it here, not in a benchmark.
const scripts = ['mailbadge-host.mjs', ...readdirSync(join(OUT_DIR, 'chunks')).filter((name) => name.endsWith('.mjs')).map((name) => join('chunks', name))];
for (const script of scripts) {
  const offset = readFileSync(join(OUT_DIR, script)).findIndex((byte) => byte > 0x7f);
  if (offset >= 0) throw new Error(`${OUT_DIR}/${script} has a non-ASCII byte at offset ${offset}; V8 would keep that source as UTF-16.`);
}
const baked = CLIENT_VARIABLES.filter((name) => name.endsWith('_ID') && process.env[name]);
console.log(`built ${OUT_DIR}/mailbadge-host.mjs and ${scripts.length - 1} chunks (OAuth2 client IDs: ${baked.length ? baked.join(', ') : 'none'})`);
