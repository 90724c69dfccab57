// Bundles the native host into one ESM file so the installed launcher starts fast without a TypeScript loader.
import { build } from 'esbuild';

// OAuth2 client IDs are baked in from the build's environment (native-host/oauth/build-clients.ts); without one the
// helper still works and the options page says why that provider's sign-in button is missing.
const CLIENT_VARIABLES = ['MAILBADGE_GOOGLE_CLIENT_ID', 'MAILBADGE_GOOGLE_CLIENT_SECRET', 'MAILBADGE_MICROSOFT_CLIENT_ID'];
const define = Object.fromEntries(CLIENT_VARIABLES.map((name) => [`process.env.${name}`, JSON.stringify(process.env[name] ?? '')]));

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
  define,
  logLevel: 'warning',
});
const baked = CLIENT_VARIABLES.filter((name) => name.endsWith('_ID') && process.env[name]);
console.log(`built .output/native-host/mailbadge-host.mjs (OAuth2 client IDs: ${baked.length ? baked.join(', ') : 'none'})`);
