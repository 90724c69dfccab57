// The Firefox zip passes Mozilla's add-on linter (`web-ext lint`, as addons.mozilla.org runs it on upload).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, RELEASE_DIR } from '../support/paths';

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

/** Warnings we know and accept, each with the reason; any other warning fails the test until it is explained here. */
const EXPLAINED_WARNINGS: Record<string, string> = {
  // Preact's renderer supports `dangerouslySetInnerHTML` (one `e.innerHTML = value.__html` in its diffing code);
  // Mailbadge never passes that prop, so no string ever reaches innerHTML.
  UNSAFE_VAR_ASSIGNMENT: 'innerHTML in Preact, unused by our code',
};

describe('Firefox package', () => {
  it('has no web-ext lint errors, and only explained warnings', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const zip = join(RELEASE_DIR, `mailbadge-${version}-firefox.zip`);
    // web-ext exits non-zero when there are errors; the JSON report is on stdout either way.
    const { stdout } = await promisify(execFile)(join(REPO_ROOT, 'node_modules', '.bin', 'web-ext'), ['lint', '--source-dir', zip, '--output', 'json', '--no-input'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as { errors: LintMessage[]; warnings: LintMessage[]; metadata: { id: string; manifestVersion: number } };
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((w) => !Object.hasOwn(EXPLAINED_WARNINGS, w.code))).toEqual([]);
    expect(report.metadata).toMatchObject({ id: 'mailbadge@mailbadge.app', manifestVersion: 3 });
  });
});
