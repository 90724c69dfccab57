// Mark read, over native messaging as the extension does it: request → host → UID STORE on the server → the
// host's `ok` reply and the counts event that shows one unseen fewer. Each message is marked unread again after.
import type { HostToExtension } from '../../lib/protocol';
import { addDovecotAccount, hostEnvironment, makeConfigDir } from '../../test/support/host';
import { ALICE, type Lab } from '../lib/lab';
import { installLauncher } from '../lib/launcher';
import { NativeSession } from '../lib/native-session';
import { wallClock } from '../lib/meter';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { percentile } from '../lib/stats';

const ACCOUNT = 'Bench';

export async function runMarkRead(lab: Lab, rows: RowSink, rounds: number): Promise<{ p50Ms: number }> {
  const env = await makeConfigDir();
  try {
    await addDovecotAccount(env, lab.server, { name: ACCOUNT, user: ALICE.user, folders: WATCHED_FOLDERS });
    const launcher = await installLauncher(env);
    const session = new NativeSession(launcher.path, hostEnvironment(env));
    try {
      // Every folder's counts, then the previews of every folder that has unseen mail.
      const counts = await session.waitFor((m) => m.type === 'folderCounts' && m.folders.length === WATCHED_FOLDERS.length);
      const withUnseen = counts.message.type === 'folderCounts' ? counts.message.folders.filter((f) => f.unseen > 0) : [];
      const targets: { folder: string; uid: number; uidValidity: string; unseen: number }[] = [];
      for (const folder of withUnseen) {
        const { message } = await session.waitFor((m) => m.type === 'previews' && m.folder === folder.folder);
        if (message.type !== 'previews') continue;
        for (const preview of message.previews) targets.push({ folder: folder.folder, uid: preview.uid, uidValidity: message.uidValidity, unseen: folder.unseen });
      }
      if (targets.length === 0) throw new Error('mark read: no unseen message to mark');
      const okMs: number[] = [];
      const countsMs: number[] = [];
      for (let i = 0; i < rounds; i++) {
        const target = targets[i % targets.length]!;
        const request = { account: ACCOUNT, folder: target.folder, uidValidity: target.uidValidity, uids: [target.uid] };
        for (const [type, unseen] of [['markRead', target.unseen - 1], ['markUnread', target.unseen]] as const) {
          const from = session.received.length;
          const start = wallClock();
          const id = session.send({ type, ...request });
          const ok = await session.waitFor((m) => (m.type === 'ok' || m.type === 'error') && m.id === id, 10_000, from);
          if (ok.message.type === 'error') throw new Error(`${type} failed: ${ok.message.problem.message}`);
          const shown = await session.waitFor((m) => countsShow(m, target.folder, unseen), 10_000, from);
          if (type === 'markRead') {
            okMs.push(ok.at - start);
            countsMs.push(shown.at - start);
          }
        }
      }
      const label = 'mailbadge host (native messaging)';
      const note = `${rounds} messages; each marked unread again after`;
      rows.add('mark-read', 'mailbadge', label, 'mark read → ok reply, p50', percentile(okMs, 50), 'ms', note);
      rows.add('mark-read', 'mailbadge', label, 'mark read → ok reply, p95', percentile(okMs, 95), 'ms');
      rows.add('mark-read', 'mailbadge', label, 'mark read → counts event, p50', percentile(countsMs, 50), 'ms', 'request → UID STORE → STATUS → folderCounts');
      rows.add('mark-read', 'mailbadge', label, 'mark read → counts event, p95', percentile(countsMs, 95), 'ms');
      return { p50Ms: percentile(countsMs, 50) };
    } finally {
      await session.close();
    }
  } finally {
    await env.remove();
  }
}

function countsShow(message: HostToExtension, folder: string, unseen: number): boolean {
  return message.type === 'folderCounts' && message.folders.some((f) => f.folder === folder && f.unseen === unseen);
}
