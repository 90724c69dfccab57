// Watches a Dovecot user's two index logs that wake NOTIFY (the mailbox-list index log and INBOX's index log):
// stamps every write, the way Dovecot's own inotify watch sees it, and counts rotations (a new inode at the path).
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { wallClock } from './meter';

export const LIST_LOG = 'dovecot.list.index.log';
export const INBOX_LOG = 'dovecot.index.log';

export interface IndexLogWrite {
  log: 'list' | 'inbox';
  at: number;
}

export interface IndexLogWatch {
  writes: IndexLogWrite[];
  /** Rotations seen since the watch started (the path now names another inode). */
  rotations(log: 'list' | 'inbox'): number;
  listLogBytes(): number;
  close(): void;
}

/** The directory holding `dovecot.list.index.log` for this user, found under the test server's root directory. */
export function findMailRoot(rootDir: string, user: string): string {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((entry) => entry.name === LIST_LOG) && dir.split('/').includes(user)) found.push(dir);
    if (depth > 0) for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(dir, entry.name), depth - 1);
  };
  walk(rootDir, 4);
  if (found.length !== 1) throw new Error(`expected one mailbox-list index for ${user} under ${rootDir}, found ${found.length}`);
  return found[0]!;
}

/** A directory watch (not a file watch): it keeps seeing the log after a rotation, where Dovecot's own watch does not. */
export function watchIndexLogs(mailRoot: string): IndexLogWatch {
  const writes: IndexLogWrite[] = [];
  const inodeOf = (name: string): number => {
    try {
      return statSync(join(mailRoot, name)).ino;
    } catch {
      return -1;
    }
  };
  const first = { list: inodeOf(LIST_LOG), inbox: inodeOf(INBOX_LOG) };
  const inodes = { list: new Set([first.list]), inbox: new Set([first.inbox]) };
  const watcher: FSWatcher = watch(mailRoot, (_event, name) => {
    const log = name === LIST_LOG ? 'list' : name === INBOX_LOG ? 'inbox' : undefined;
    if (log === undefined) return;
    writes.push({ log, at: wallClock() });
    inodes[log].add(inodeOf(log === 'list' ? LIST_LOG : INBOX_LOG));
  });
  return {
    writes,
    rotations: (log) => [...inodes[log]].filter((inode) => inode !== -1).length - 1,
    listLogBytes: () => {
      try {
        return statSync(join(mailRoot, LIST_LOG)).size;
      } catch {
        return 0;
      }
    },
    close: () => watcher.close(),
  };
}
