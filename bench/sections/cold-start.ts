// Cold start: the browser starts the host (through its launcher, with an extension origin) → the first counts of
// each of 3 accounts × 20 folders arrive. The figure a user waits for after opening the browser.
import { addDovecotAccount, hostEnvironment, makeConfigDir } from '../../test/support/host';
import { ACCOUNT_USERS, type Lab } from '../lib/lab';
import { installLauncher } from '../lib/launcher';
import { NativeSession } from '../lib/native-session';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { median } from '../lib/stats';

const ACCOUNTS = 3;

export async function runColdStart(lab: Lab, rows: RowSink, repeats: number): Promise<void> {
  const env = await makeConfigDir();
  try {
    const names = ACCOUNT_USERS.slice(0, ACCOUNTS).map((u, i) => ({ name: `Account${i}`, user: u.user }));
    for (const { name, user } of names) await addDovecotAccount(env, lab.server, { name, user, folders: WATCHED_FOLDERS });
    const launcher = await installLauncher(env);
    const all: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const session = new NativeSession(launcher.path, hostEnvironment(env));
      try {
        const times: number[] = [];
        for (const { name } of names) {
          const counts = await session.waitFor((m) => m.type === 'folderCounts' && m.account === name && m.folders.length === WATCHED_FOLDERS.length);
          times.push(counts.at - session.startedAt);
        }
        all.push(Math.max(...times));
        first.push(Math.min(...times));
      } finally {
        await session.close();
      }
    }
    const label = 'mailbadge host, started by its launcher';
    rows.add('cold-start', 'mailbadge', label, 'start → first counts, first of 3 accounts', median(first), 'ms', `median of ${repeats}; 20 folders each`);
    rows.add('cold-start', 'mailbadge', label, 'start → first counts, all 3 accounts', median(all), 'ms', `median of ${repeats}`);
  } finally {
    await env.remove();
  }
}
