// Scale: does a poll or a check cost more as a folder grows (1 000 vs 100 000 messages) or as the mailbox has
// more folders (20 watched among 500 vs among 20)? Medians and the ratio large / small.
import type { DovecotUser } from '../../test/support/dovecot';
import { addDovecotAccount, makeConfigDir, runHost } from '../../test/support/host';
import { ALICE, MANY_FOLDERS, MANY_USER, SCALE_USER, SMALL_FOLDER, type Lab } from '../lib/lab';
import { wallClock } from '../lib/meter';
import { listStatusCommand, openRawImap } from '../lib/raw-imap';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { median, round } from '../lib/stats';

export async function runScale(lab: Lab, rows: RowSink, repeats: number): Promise<void> {
  const { server } = lab;
  const poll = async (user: DovecotUser, folders: readonly string[]) => {
    const raw = await openRawImap({ host: server.host, port: server.imapsPort, ca: server.certPem, user: user.user, password: user.password });
    try {
      const ms: number[] = [];
      for (let i = 0; i < repeats * 2; i++) ms.push((await raw.run(listStatusCommand(folders))).ms);
      return median(ms);
    } finally {
      await raw.logout();
    }
  };
  const check = async (user: DovecotUser, folders: readonly string[]) => {
    const env = await makeConfigDir();
    try {
      await addDovecotAccount(env, server, { name: 'Scale', user: user.user, folders: [...folders] });
      const ms: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const start = wallClock();
        const result = await runHost(env, ['check', 'Scale', '--json'], undefined, 120_000);
        if (result.code !== 0) throw new Error(`mailbadge check failed: ${result.stderr}`);
        ms.push(wallClock() - start);
      }
      return median(ms);
    } finally {
      await env.remove();
    }
  };
  const large = lab.largeFolder;
  const label = 'mailbadge';
  const sizes = `${SMALL_FOLDER.messages} vs ${large.messages} messages, 1% unseen`;
  const pollSmall = await poll(SCALE_USER, [SMALL_FOLDER.name]);
  const pollLarge = await poll(SCALE_USER, [large.name]);
  rows.add('scale', 'mailbadge', label, `one poll, ${large.messages}-message folder`, pollLarge, 'ms', `${pollSmall.toFixed(1)} ms at ${SMALL_FOLDER.messages}`);
  rows.add('scale', 'mailbadge', label, 'one poll, large / small folder', round(pollLarge / pollSmall, 2), '×', sizes);
  const checkSmall = await check(SCALE_USER, [SMALL_FOLDER.name]);
  const checkLarge = await check(SCALE_USER, [large.name]);
  rows.add('scale', 'mailbadge', label, `one check, ${large.messages}-message folder`, checkLarge, 'ms', `${checkSmall.toFixed(0)} ms at ${SMALL_FOLDER.messages}; CLI, previews included`);
  rows.add('scale', 'mailbadge', label, 'one check, large / small folder', round(checkLarge / checkSmall, 2), '×', sizes);
  const pollFew = await poll(ALICE, WATCHED_FOLDERS);
  const pollMany = await poll(MANY_USER, lab.manyWatched);
  rows.add('scale', 'mailbadge', label, `one poll of 20 folders among ${MANY_FOLDERS}`, pollMany, 'ms', `${pollFew.toFixed(1)} ms among 20`);
  rows.add('scale', 'mailbadge', label, `one poll, ${MANY_FOLDERS} / 20 folders in the mailbox`, round(pollMany / pollFew, 2), '×');
  const checkFew = await check(ALICE, WATCHED_FOLDERS);
  const checkMany = await check(MANY_USER, lab.manyWatched);
  rows.add('scale', 'mailbadge', label, `one check of 20 folders among ${MANY_FOLDERS}`, checkMany, 'ms', `${checkFew.toFixed(0)} ms among 20`);
  rows.add('scale', 'mailbadge', label, `one check, ${MANY_FOLDERS} / 20 folders in the mailbox`, round(checkMany / checkFew, 2), '×');
}
