// Files replaced whole: written to a temp file beside the target, flushed, then renamed over it; temp files that a
// killed process left behind (they may hold passwords or tokens) are removed by the next write or start.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** `<file>.<pid>.<8 hex>.tmp`: the writer's pid tells whether the temp file is still being written. */
const TEMP_NAME = /^(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function tempPathFor(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: a process of another user has that pid, so it is running (and the file is not ours to judge).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write to a temp file in the same directory, flush, then rename: a crash leaves the old file or the new one, never half. */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeStaleTempFiles(dir, [basename(path)]);
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes the temp files of `names` in `dir` whose writer no longer runs: a process killed between writing and
 * renaming (SIGKILL, power loss) leaves one, and for the password file it holds every password. Returns what it removed.
 */
export async function removeStaleTempFiles(dir: string, names: readonly string[]): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const stale = entries.filter((entry) => {
    const match = TEMP_NAME.exec(entry);
    return match !== null && names.includes(match[1]!) && Number(match[2]) !== process.pid && !isRunning(Number(match[2]));
  });
  await Promise.all(stale.map((entry) => rm(join(dir, entry), { force: true })));
  return stale;
}
