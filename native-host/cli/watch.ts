// `watch <account> [--json]`: stays connected and prints one line per change (counts, previews), until interrupted.
import type { FolderCount } from '../../lib/protocol';
import { AccountSession } from '../account-session';
import { openSecretStore } from '../secrets';
import { findAccount } from './account-lookup';
import { parseCommandArgs } from './args';

export async function watchCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'watch ACCOUNT [--json]');
  const account = await findAccount(configDir, positionals[0]);
  const last = new Map<string, FolderCount>();
  let failure: string | undefined;
  const session = new AccountSession(account, await openSecretStore(configDir), {
    status(name, status) {
      if (status.problem) process.stderr.write(`mailbadge: ${name}: ${status.state}: ${status.problem.message}\n`);
      if (status.state === 'ok' && !values.json) out(`${status.at} connected (${session.watchStrategy?.kind ?? '?'})`);
      if (status.state === 'error') {
        failure = status.problem?.message;
        void session.stop();
      }
    },
    counts(name, folders, at) {
      for (const folder of folders) {
        const before = last.get(folder.path);
        if (before && before.unseen === folder.unseen && before.total === folder.total) continue;
        last.set(folder.path, folder);
        const line = { type: 'counts', account: name, folder: folder.path, unseen: folder.unseen, total: folder.total, at };
        out(values.json ? JSON.stringify(line) : `${at} ${folder.path}: ${folder.unseen} unseen of ${folder.total}`);
      }
    },
    previews(name, folder, at) {
      const line = { type: 'previews', account: name, folder: folder.folder, uidValidity: folder.uidValidity, previews: folder.previews, at };
      if (values.json) return out(JSON.stringify(line));
      out(`${at} ${folder.folder}: newest unseen`);
      for (const p of folder.previews) out(`  ${p.from || p.fromAddress}: ${p.subject || '(no subject)'} — ${p.snippet.slice(0, 60)}`);
    },
  });
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  session.start();
  await session.finished;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (failure) process.exitCode = 1;
}
