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
    counts(name, counts, at) {
      for (const count of counts) {
        const before = last.get(count.folder);
        if (before && before.unseen === count.unseen && before.total === count.total) continue;
        last.set(count.folder, count);
        const line = { type: 'counts', account: name, folder: count.folder, unseen: count.unseen, total: count.total, at };
        out(values.json ? JSON.stringify(line) : `${at} ${count.folder}: ${count.unseen} unseen of ${count.total}`);
      }
    },
    previews(name, shown, at) {
      const line = { type: 'previews', account: name, folder: shown.folder, uidValidity: shown.uidValidity, previews: shown.previews, at };
      if (values.json) return out(JSON.stringify(line));
      out(`${at} ${shown.folder}: newest unseen`);
      for (const p of shown.previews) out(`  ${p.from || p.fromAddress}: ${p.subject || '(no subject)'} — ${p.snippet.slice(0, 60)}`);
    },
  }, {}, configDir);
  const stop = () => void session.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  session.start();
  await session.finished;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (failure) process.exitCode = 1;
}
