// `npm run package`: everything a release needs in .output/release — the Chrome and Firefox zips, the sources zip
// that Firefox's store review asks for, and the helper as an npm package (mailbadge-host-<version>.tgz).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const RELEASE_DIR = join(ROOT, '.output', 'release');
const HOST_PACKAGE_DIR = join(ROOT, '.output', 'host-package');
const HOST_TEMPLATE_DIR = join(ROOT, 'packaging', 'mailbadge-host');

interface RootManifest {
  version: string;
  dependencies: Record<string, string>;
}

/** The helper's only run-time dependency that cannot be bundled: a native addon with prebuilt binaries per platform. */
const HOST_RUNTIME_DEPENDENCIES = ['@napi-rs/keyring'];

function run(command: string, args: string[], cwd = ROOT): string {
  return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

/** The helper's package.json: the committed template with the repo's version and dependency ranges filled in. */
export function hostManifest(root: RootManifest, template: Record<string, unknown>): Record<string, unknown> {
  const dependencies: Record<string, string> = {};
  for (const name of HOST_RUNTIME_DEPENDENCIES) {
    const range = root.dependencies[name];
    if (!range) throw new Error(`package.json has no dependency ${name}, which the helper needs at run time`);
    dependencies[name] = range;
  }
  return { ...template, version: root.version, dependencies };
}

function packHost(root: RootManifest): string {
  rmSync(HOST_PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(HOST_PACKAGE_DIR, { recursive: true });
  // The bundle only (its entry and the chunks it loads on demand): the source maps are 4 MB of other projects'
  // sources that a user's helper never reads.
  const built = join(ROOT, '.output', 'native-host');
  copyFileSync(join(built, 'mailbadge-host.mjs'), join(HOST_PACKAGE_DIR, 'mailbadge-host.mjs'));
  mkdirSync(join(HOST_PACKAGE_DIR, 'chunks'));
  for (const chunk of readdirSync(join(built, 'chunks')).filter((name) => name.endsWith('.mjs'))) {
    copyFileSync(join(built, 'chunks', chunk), join(HOST_PACKAGE_DIR, 'chunks', chunk));
  }
  copyFileSync(join(HOST_TEMPLATE_DIR, 'README.md'), join(HOST_PACKAGE_DIR, 'README.md'));
  const template = JSON.parse(readFileSync(join(HOST_TEMPLATE_DIR, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(HOST_PACKAGE_DIR, 'package.json'), JSON.stringify(hostManifest(root, template), null, 2) + '\n');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', RELEASE_DIR], HOST_PACKAGE_DIR)) as { filename: string }[];
  return join(RELEASE_DIR, packed[0]!.filename);
}

/** Installs the tarball into a throwaway prefix (from the local npm cache where it can) and measures what lands on disk. */
function installedBytes(tarball: string): number {
  const prefix = mkdtempSync(join(tmpdir(), 'mailbadge-size-'));
  try {
    run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball]);
    return Number(run('du', ['-sb', join(prefix, 'lib', 'node_modules', 'mailbadge-host')]).split('\t')[0]);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function main(): void {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as RootManifest;
  rmSync(RELEASE_DIR, { recursive: true, force: true });
  mkdirSync(RELEASE_DIR, { recursive: true });
  // `wxt zip` builds first, so .output/chrome-mv3 and .output/firefox-mv3 are fresh too (the tests load them).
  run('npx', ['wxt', 'zip']);
  run('npx', ['wxt', 'zip', '-b', 'firefox']);
  run('node', ['scripts/build-host.mjs']);
  const tarball = packHost(root);

  for (const name of readdirSync(RELEASE_DIR).sort()) console.log(`${join('.output', 'release', name)}  ${kb(statSync(join(RELEASE_DIR, name)).size)}`);
  if (process.argv.includes('--installed-size')) console.log(`helper installed (npm install -g): ${kb(installedBytes(tarball))}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
