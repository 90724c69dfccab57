// What the extension tells users to run and read matches what the release ships: versions, command names, README entries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HELP_HELPER_MISSING, HELP_NEEDS_YOU, README_URL } from '../../lib/help-links';
import { HELPER_PACKAGE_COMMAND, HELPER_REGISTER_COMMAND, HELPER_VERSION } from '../../lib/install-command';
import { HOST_VERSION } from '../../native-host/version';
import { hostManifest } from '../../scripts/package';

const root = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; dependencies: Record<string, string>; engines: { node: string } };
const template = JSON.parse(readFileSync('packaging/mailbadge-host/package.json', 'utf8')) as Record<string, unknown>;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-'));
}

describe('release consistency', () => {
  it('extension, helper and install command carry the version in package.json', () => {
    expect(HELPER_VERSION).toBe(root.version);
    expect(HOST_VERSION).toBe(root.version);
    expect(HELPER_PACKAGE_COMMAND).toBe(`npm install -g mailbadge-host-${root.version}.tgz`);
  });

  it('the helper package is named and runs as the popup says, on the Node.js the repo supports', () => {
    const manifest = hostManifest(root, template);
    expect(manifest).toMatchObject({ name: 'mailbadge-host', version: root.version, bin: { 'mailbadge-host': 'mailbadge-host.mjs' }, engines: root.engines });
    expect(HELPER_REGISTER_COMMAND).toBe('mailbadge-host install');
    // Only the keyring binding: everything else is inside the bundle.
    expect(manifest.dependencies).toEqual({ '@napi-rs/keyring': root.dependencies['@napi-rs/keyring'] });
  });

  it('every troubleshooting link points at a heading of the README', () => {
    const readme = anchors(readFileSync('README.md', 'utf8'));
    for (const url of [HELP_HELPER_MISSING, HELP_NEEDS_YOU]) {
      expect(url.startsWith(`${README_URL}#`)).toBe(true);
      expect(readme).toContain(url.slice(url.indexOf('#') + 1));
    }
  });

  it('the README opens with the two commands the project promises, and CI runs exactly its test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'));
    const commands = firstBlock![1]!.split('\n').map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
    expect(commands).toEqual(['npm install && npm start', 'npm test']);
    const ciLines = readFileSync('.ci/run', 'utf8').trim().split('\n');
    expect(ciLines.at(-1)).toBe('npm test');
  });
});
