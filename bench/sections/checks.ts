// One look at 20 folders, done four ways: the naive client (headers, whole messages), `mailbadge check` (a fresh
// process: start, connect, counts, previews; file secrets, so no keychain probe), and the host's two poll commands
// on an open connection (LIST-STATUS; pipelined STATUS where a server lacks it). Time, bytes and round trips.
import { addDovecotAccount, makeConfigDir, runHost } from '../../test/support/host';
import { dovecotTarget } from '../../test/support/recording-client';
import { naiveCheck } from '../naive-check';
import { ALICE, type Lab } from '../lib/lab';
import { startMeter, wallClock } from '../lib/meter';
import { listStatusCommand, openRawImap, quote } from '../lib/raw-imap';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { median } from '../lib/stats';

export async function runChecks(lab: Lab, rows: RowSink, repeats: number): Promise<void> {
  const { server } = lab;
  const meter = await startMeter(server.host, server.imapsPort);
  const env = await makeConfigDir();
  try {
    const timed = async (work: () => Promise<unknown>) => {
      const ms: number[] = [];
      const bytes: number[] = [];
      for (let i = 0; i < repeats; i++) {
        meter.reset();
        const start = wallClock();
        await work();
        ms.push(wallClock() - start);
        bytes.push(meter.counts().up + meter.counts().down);
      }
      return { ms: median(ms), bytes: median(bytes) };
    };
    const target = dovecotTarget(server, ALICE.user, ALICE.password, meter.port);
    for (const variant of ['headers', 'rfc822'] as const) {
      let commands = 0;
      const result = await timed(async () => (commands = (await naiveCheck(target, WATCHED_FOLDERS, variant)).commands));
      const subject = `naive-${variant}`;
      const label = variant === 'headers' ? 'naive (SELECT + SEARCH + FETCH headers)' : 'naive (SELECT + SEARCH + FETCH whole messages)';
      rows.add('checks', subject, label, 'one check of 20 folders', result.ms, 'ms', `${commands} commands, connection included`);
      rows.add('checks', subject, label, 'bytes per check', result.bytes, 'B');
    }

    await addDovecotAccount(env, { ...server, imapsPort: meter.port }, { name: 'Bench', folders: WATCHED_FOLDERS });
    const check = await timed(async () => {
      const result = await runHost(env, ['check', 'Bench', '--json']);
      if (result.code !== 0) throw new Error(`mailbadge check failed: ${result.stderr}`);
    });
    rows.add('checks', 'mailbadge-check', 'mailbadge check (CLI)', 'one check of 20 folders', check.ms, 'ms', 'process start, TLS, counts and previews; file secrets (no keychain probe)');
    rows.add('checks', 'mailbadge-check', 'mailbadge check (CLI)', 'bytes per check', check.bytes, 'B');
    const start = await timed(async () => {
      const result = await runHost(env, ['--help']);
      if (result.code !== 0) throw new Error(`mailbadge --help failed: ${result.stderr}`);
    });
    rows.add('checks', 'mailbadge-start', 'mailbadge --help (process start alone)', 'one run', start.ms, 'ms', 'Node.js start and loading the host bundle: part of every check above');

    // The steady-state cost of one poll on an open connection: what IDLE + poll and poll-only pay each cycle.
    const raw = await openRawImap({ ...target, ca: server.certPem });
    try {
      const pollMs: number[] = [];
      const pollBytes: number[] = [];
      for (let i = 0; i < repeats * 2; i++) {
        meter.reset();
        pollMs.push((await raw.run(listStatusCommand(WATCHED_FOLDERS))).ms);
        pollBytes.push(meter.counts().up + meter.counts().down);
      }
      rows.add('checks', 'mailbadge-poll-list-status', 'mailbadge poll (LIST-STATUS)', 'one poll of 20 folders', median(pollMs), 'ms', '1 round trip on an open connection');
      rows.add('checks', 'mailbadge-poll-list-status', 'mailbadge poll (LIST-STATUS)', 'bytes per poll', median(pollBytes), 'B');
      const statusMs: number[] = [];
      const statusBytes: number[] = [];
      for (let i = 0; i < repeats * 2; i++) {
        meter.reset();
        statusMs.push(await pipelinedStatus(raw, WATCHED_FOLDERS));
        statusBytes.push(meter.counts().up + meter.counts().down);
      }
      rows.add('checks', 'mailbadge-poll-status', 'mailbadge poll (pipelined STATUS)', 'one poll of 20 folders', median(statusMs), 'ms', '20 commands written at once, 1 round trip');
      rows.add('checks', 'mailbadge-poll-status', 'mailbadge poll (pipelined STATUS)', 'bytes per poll', median(statusBytes), 'B');
    } finally {
      await raw.logout();
    }
  } finally {
    await env.remove();
    await meter.close();
  }
}

/** The host's fallback poll: every STATUS written in one burst, timed until the last reply. */
async function pipelinedStatus(raw: Awaited<ReturnType<typeof openRawImap>>, folders: readonly string[]): Promise<number> {
  const start = wallClock();
  const commands = folders.map((folder) => raw.run(`STATUS ${quote(folder)} (MESSAGES UNSEEN UIDNEXT UIDVALIDITY)`));
  await Promise.all(commands);
  return wallClock() - start;
}
