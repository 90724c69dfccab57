// `npm run bench -- --quick` runs end to end against real Dovecot servers, the built host and Chromium, and writes
// a results file of the right shape. Figures are not checked here: they belong to the benchmark, not to a test.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { contenderDefs } from '../../bench/lib/contenders';
import { Results, SECTIONS } from '../../bench/lib/results';
import { REPO_ROOT } from '../support/paths';

const run = promisify(execFile);

describe('npm run bench -- --quick', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('measures every section and every contender and writes results of the documented shape', { timeout: 240_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'mailbadge-bench-'));
    const out = join(dir, 'results.json');
    // The suite's global setup has built the extension and the host.
    const { stdout } = await run('npx', ['tsx', 'bench/run.ts', '--quick', '--no-build', `--out=${out}`], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 230_000 });
    const results = Results.parse(JSON.parse(await readFile(out, 'utf8')));
    expect(results.quick).toBe(true);
    expect(results.failures).toEqual([]);
    expect(results.sections).toEqual([...SECTIONS]);
    for (const section of SECTIONS) expect(results.rows.filter((row) => row.section === section).length, section).toBeGreaterThan(0);
    const ids = contenderDefs({ sweepMs: 1, naiveMs: 1 }).map((def) => def.id);
    expect(results.live?.contenders.map((c) => c.id)).toEqual(ids);
    for (const id of ids) expect(results.rows.filter((row) => row.section === 'live' && row.subject === id).length, id).toBeGreaterThan(10);
    // The push contenders heard of new mail in this run (a broken contender reports nothing).
    for (const id of ['mailbadge', 'bare-notify', 'idle-per-folder']) {
      const figures = results.live!.contenders.find((c) => c.id === id)!;
      expect(figures.latency.inboxMs.length + figures.latency.otherMs.length, id).toBeGreaterThan(0);
    }
    expect(stdout).toContain('New mail → reported');
    expect(stdout).toContain('Cost of watching 20 folders');
  });
});
