// Whole-file writes: a temp file left by a killed writer (it may hold every password) is removed, a live writer's
// is not; and the host's secret writes can be waited for before it exits.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../native-host/atomic-write';
import type { SecretStore } from '../../native-host/secrets/secret-store';
import { settlingSecretStore } from '../../native-host/secrets/settling-secret-store';

/** The pid of a process that has ended: a child run to completion. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailbadge-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file whole with mode 0600 and leaves no temp file', async () => {
    const path = join(dir, 'secrets.json');
    await writeFileAtomic(path, 'one\n');
    await writeFileAtomic(path, 'two\n');
    expect(await readFile(path, 'utf8')).toBe('two\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  it('removes the temp file a killed writer left beside it, and keeps a running writer\'s and other files', async () => {
    const path = join(dir, 'secrets.json');
    const left = `secrets.json.${deadPid()}.0123abcd.tmp`;
    const running = `secrets.json.${process.ppid}.89abcdef.tmp`;
    const otherFile = `config.json.${deadPid()}.0123abcd.tmp`;
    for (const name of [left, running, otherFile, 'notes.tmp']) await writeFile(join(dir, name), 'password');
    await writeFileAtomic(path, '{}\n');
    expect((await readdir(dir)).sort()).toEqual([otherFile, 'notes.tmp', 'secrets.json', running].sort());
  });

  it('removeStaleTempFiles cleans the names it is given at start, before anything is written', async () => {
    const left = `config.json.${deadPid()}.00000000.tmp`;
    await writeFile(join(dir, left), '{}');
    expect(await removeStaleTempFiles(dir, ['secrets.json', 'config.json'])).toEqual([left]);
    expect(await readdir(dir)).toEqual([]);
    expect(await removeStaleTempFiles(join(dir, 'missing'), ['secrets.json'])).toEqual([]);
  });
});

describe('settlingSecretStore', () => {
  it('settle() waits for a write still in progress, and gives up after its timeout', async () => {
    const saved: string[] = [];
    let finish: () => void = () => undefined;
    const slow: SecretStore = {
      kind: 'test',
      get: async () => undefined,
      set: (account) => new Promise<void>((resolve) => (finish = () => resolve(void saved.push(account)))),
      delete: async () => undefined,
    };
    const store = settlingSecretStore(slow);
    const write = store.set('Work', 'refresh-token');
    const settled = store.settle(10_000).then(() => saved.slice());
    setTimeout(() => finish(), 50);
    expect(await settled).toEqual(['Work']);
    await write;

    void store.set('Home', 'token');
    const started = Date.now();
    await store.settle(100);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(saved).toEqual(['Work']);
  });
});
