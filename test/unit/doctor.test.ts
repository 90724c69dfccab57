// doctor's browser checks on a real file system (a temporary home): each broken piece gives a FIX line naming it.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserChecks } from '../../native-host/doctor/browser-checks';
import { formatCheck, needsFixing } from '../../native-host/doctor/check';
import type { Browser, Place } from '../../native-host/install/locations';
import { carryOut, planInstall } from '../../native-host/install/register';
import { NO_REGISTRY } from '../../native-host/install/registry';

let home: string;
let place: Place;
let configDir: string;
let bundlePath: string;

/** Installs for Firefox with this Node.js binary pinned in the launcher. */
async function installWith(nodePath: string): Promise<void> {
  await carryOut(planInstall({ browsers: ['firefox'], place, launcher: { nodePath, bundlePath, configDir } }), NO_REGISTRY);
}

/** A stand-in Node.js that reports the given version, as `node --version` does. */
async function fakeNode(version: string): Promise<string> {
  const path = join(home, `node-${version}`);
  await writeFile(path, `#!/bin/sh\necho ${version}\n`);
  await chmod(path, 0o755);
  return path;
}

const lines = async (found: Browser[] = []) =>
  (await browserChecks({ place, configDir, registry: NO_REGISTRY, found })).map(formatCheck);

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'mailbadge-doctor-'));
  place = { platform: 'linux', home, env: {} };
  configDir = join(home, '.config', 'mailbadge');
  bundlePath = join(home, 'mailbadge-host.mjs');
  await writeFile(bundlePath, '// the bundle\n');
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('doctor: browsers, launcher and Node.js', () => {
  it('is content with a registration whose launcher runs a new enough Node.js', async () => {
    await installWith(process.execPath);
    const checks = await browserChecks({ place, configDir, registry: NO_REGISTRY, found: ['firefox'] });
    expect(checks.map((c) => [c.subject, c.status])).toEqual([
      ['firefox manifest', 'ok'],
      ['launcher', 'ok'],
      ['Node.js', 'ok'],
    ]);
    expect(needsFixing(checks)).toBe(false);
  });

  it('notes a browser that is here but not registered, and fails when no browser is', async () => {
    expect(await lines(['chrome'])).toEqual([
      '-     chrome manifest: chrome is here but the helper is not registered with it; if you use Mailbadge there, run `mailbadge-host install --browser chrome`',
      'FIX   browsers: the helper is registered with no browser: run `mailbadge-host install` (or add --browser firefox, chrome, …)',
    ]);
  });

  it('names a manifest that starts another program', async () => {
    await installWith(process.execPath);
    const manifest = join(home, '.mozilla', 'native-messaging-hosts', 'app.mailbadge.host.json');
    await writeFile(manifest, JSON.stringify({ name: 'app.mailbadge.host', path: '/opt/old/mailbadge-host', type: 'stdio', allowed_extensions: ['mailbadge@mailbadge.app'] }));
    expect((await lines())[0]).toBe(
      `FIX   firefox manifest: ${manifest} starts /opt/old/mailbadge-host, not this helper's launcher ${join(configDir, 'mailbadge-host')}: run \`mailbadge-host install --browser firefox\``,
    );
  });

  it('names a Node.js that is too old or gone', async () => {
    await installWith(await fakeNode('v18.20.4'));
    expect((await lines()).at(-1)).toBe(
      `FIX   Node.js: ${join(home, 'node-v18.20.4')} is Node.js v18.20.4, older than 20.19.0: upgrade Node.js, then run \`mailbadge-host install\``,
    );
    await installWith(join(home, 'no-such-node'));
    expect((await lines()).at(-1)).toBe(
      `FIX   Node.js: ${join(home, 'no-such-node')} is missing: install Node.js 20.19.0 or newer, then run \`mailbadge-host install\``,
    );
  });

  it('names a launcher whose bundle was moved or uninstalled', async () => {
    await installWith(process.execPath);
    await rm(bundlePath);
    expect((await lines()).at(-1)).toBe(`FIX   launcher: it runs ${bundlePath}, which is gone (moved or uninstalled): run \`mailbadge-host install\``);
  });
});
