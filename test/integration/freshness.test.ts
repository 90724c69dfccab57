// Long-lived watching against a real Dovecot: after its index logs rotate, new mail and a mark-read by another client are still reported within 2 s, once each.
//
// Every test here is short, but a real session lives for days, and Dovecot rotates its index logs every few hours
// on a busy mailbox: a NOTIFY session opened before a rotation then hears of changes only at its 30 s timer
// (docs/freshness.md). The harness forces both rotations (the mailbox-list index and INBOX's own) while the
// session watches, then checks the 2 s bound of issue 9 — a correctness bound, not a performance figure.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareNotifyClient, type BareStatusEvent } from '../../bench/bare-notify-client';
import type { FolderCount } from '../../lib/protocol';
import { freshnessBoundMs } from '../../native-host/watch/cadence';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { latestCount, startWatchSession, until, type Recorder } from '../support/watch-session';

const FOLDERS = ['INBOX', 'Work', 'Archive'];
/** Issue 9: with NOTIFY every change is reported within 2 s, whatever the server's index logs did. */
const BOUND_MS = 2_000;
/** How long a step waits for its report before it is written down as missing. */
const GIVE_UP_MS = 8_000;

interface Step {
  name: string;
  folder: string;
  /** The new message of this folder is the one the step adds or marks read. */
  subject: string;
  act(other: ImapFlow): Promise<void>;
  expected: { unseen: number; total: number };
}

interface Outcome {
  step: Step;
  /** The longest the step's report may take. */
  boundMs: number;
  startedAt: number;
  /** Milliseconds from the start of the other client's command to the session's report; undefined if none came. */
  latency: number | undefined;
}

const counted = (count: FolderCount | undefined) => count && { unseen: count.unseen, total: count.total };

async function setUp(server: DovecotServer): Promise<void> {
  for (const folder of FOLDERS.slice(1)) await server.createFolder('alice', folder);
  for (const folder of FOLDERS) {
    await server.append('alice', folder, buildMessage({ subject: `Older unread in ${folder}` }));
    await server.append('alice', folder, buildMessage({ subject: `Older read in ${folder}` }), ['\\Seen']);
  }
}

/** New mail, then a mark-read of it by another client: in a folder other than INBOX, then in INBOX. */
function stepsFrom(seen: Recorder): Step[] {
  const steps: Step[] = [];
  for (const folder of ['Work', 'INBOX']) {
    const before = counted(latestCount(seen, folder))!;
    const subject = `Arrived after the rotation in ${folder}`;
    let uid: number | undefined;
    steps.push({
      name: `${folder}: new mail`,
      folder,
      subject,
      act: async (other) => {
        const appended = await other.append(folder, buildMessage({ subject }));
        uid = appended ? appended.uid : undefined;
      },
      expected: { unseen: before.unseen + 1, total: before.total + 1 },
    });
    steps.push({
      name: `${folder}: marked read by another client`,
      folder,
      subject,
      act: async (other) => {
        if (uid === undefined) throw new Error('the server returned no UID for the APPEND (UIDPLUS)');
        await other.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      },
      expected: { unseen: before.unseen, total: before.total + 1 },
    });
  }
  return steps;
}

/** Runs each step with the other client (the folder selected beforehand, untimed) and stamps when the session reported it. */
async function runSteps(seen: Recorder, other: ImapFlow, steps: Step[], boundOf: (folder: string) => number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    const lock = await other.getMailboxLock(step.folder);
    const from = seen.counts.length;
    const startedAt = Date.now();
    try {
      await step.act(other);
    } finally {
      lock.release();
    }
    const report = () => seen.counts.slice(from).find((entry) => {
      const count = counted(entry.folders.find((f) => f.folder === step.folder));
      return count?.unseen === step.expected.unseen && count.total === step.expected.total;
    });
    const boundMs = boundOf(step.folder);
    await until(report, Math.max(GIVE_UP_MS, 2 * boundMs), step.name).catch(() => undefined);
    outcomes.push({ step, boundMs, startedAt, latency: report() && report()!.at - startedAt });
    // Apart like real mail: the next change does not ride on this one's report.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return outcomes;
}

function describeOutcomes(outcomes: Outcome[]): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return outcomes.map(({ step, boundMs, latency }) => `${step.name}: ${latency === undefined ? 'not reported' : seconds(latency)} (bound ${seconds(boundMs)})`).join('; ');
}

/** Nothing lost, nothing duplicated: each folder went through exactly the expected counts, each report changed something, each new message entered and left the previews once. */
function expectEachChangeOnce(seen: Recorder, countsFrom: number, previewsFrom: number, steps: Step[]): void {
  const reports = seen.counts.slice(Math.max(0, countsFrom - 1));
  for (let i = 1; i < reports.length; i++) expect(reports[i]!.folders, `report ${i} after the rotation repeats the one before it`).not.toEqual(reports[i - 1]!.folders);
  for (const folder of FOLDERS) {
    const values = reports.map((entry) => counted(entry.folders.find((f) => f.folder === folder)));
    const path = values.filter((value, i) => i === 0 || JSON.stringify(value) !== JSON.stringify(values[i - 1]));
    const expected = [values[0], ...steps.filter((step) => step.folder === folder).map((step) => step.expected)];
    expect(path, `the counts ${folder} went through`).toEqual(expected);
  }
  for (const folder of new Set(steps.map((step) => step.folder))) {
    const subject = steps.find((step) => step.folder === folder)!.subject;
    const lists = seen.previews.filter((entry) => entry.folders.folder === folder);
    const before = lists.filter((entry) => seen.previews.indexOf(entry) < previewsFrom).at(-1);
    const after = lists.filter((entry) => seen.previews.indexOf(entry) >= previewsFrom);
    const shown = [before, ...after].map((entry) => entry?.folders.previews.some((p) => p.subject === subject) ?? false);
    expect(shown.filter((value, i) => i === 0 || value !== shown[i - 1]), `whether ${folder}'s previews showed the new message`).toEqual([false, true, false]);
  }
}

/** Watches FOLDERS, rotates both logs, runs the steps; each must be reported within `boundOf(folder)` (default: the strategy's promise). */
async function watchThroughRotations(server: DovecotServer, expectedKind: string, boundOf?: (folder: string) => number): Promise<Outcome[]> {
  const other = await server.connect('alice');
  const { session, seen } = startWatchSession(server, { folders: FOLDERS });
  try {
    await until(() => seen.states.includes('ok') && FOLDERS.every((folder) => latestCount(seen, folder)), 15_000, 'the first counts');
    const strategy = session.watchStrategy!;
    expect(strategy.kind).toBe(expectedKind);
    await server.forceIndexLogRotation('alice', 'list');
    await server.forceIndexLogRotation('alice', 'INBOX');
    // The INBOX rotation toggled \Flagged 44 000 times: let that noise (HIGHESTMODSEQ pushes, recounts) pass.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const [countsFrom, previewsFrom] = [seen.counts.length, seen.previews.length];
    const steps = stepsFrom(seen);
    const outcomes = await runSteps(seen, other, steps, boundOf ?? ((folder) => freshnessBoundMs(strategy, folder)));
    const late = outcomes.filter(({ latency, boundMs }) => latency === undefined || latency > boundMs);
    expect(late.map(({ step }) => step.name), `reported late after the rotations: ${describeOutcomes(outcomes)}`).toEqual([]);
    // The previews of the last step follow its counts: wait for INBOX's to drop the message again.
    const lastSubject = steps.at(-1)!.subject;
    await until(() => {
      const last = seen.previews.filter((entry) => entry.folders.folder === 'INBOX').at(-1);
      return last !== undefined && seen.previews.indexOf(last) >= previewsFrom && !last.folders.previews.some((p) => p.subject === lastSubject);
    }, GIVE_UP_MS, 'INBOX previews after the last step');
    expectEachChangeOnce(seen, countsFrom, previewsFrom, steps);
    // A reconnect would open a fresh session, which Dovecot serves on time: it would hide what this test is about.
    expect(seen.states, 'the session kept its first connection').toEqual(['connecting', 'ok']);
    console.log(`[freshness] ${session.watchStrategy?.kind}: ${describeOutcomes(outcomes)}`);
    return outcomes;
  } finally {
    await session.stop();
    await other.logout().catch(() => other.close());
  }
}

describe('with NOTIFY, after Dovecot rotated its list index and INBOX index logs', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
    await setUp(server);
  });
  afterAll(async () => server?.stop());

  it('reports new mail and a mark-read by another client, in a folder and in INBOX, each within 2 s and once', async () => {
    // The reference: a bare NOTIFY client opened before the rotations shows the server bug is really there.
    const bare = await startBareNotifyClient({ host: server.host, port: server.imapsPort, ca: server.certPem, user: 'alice', password: 'alice-secret', folders: ['INBOX', 'Work'] });
    const bareEvents: (BareStatusEvent & { wall: number })[] = [];
    bare.events.on('status', (event: BareStatusEvent) => bareEvents.push({ ...event, wall: Date.now() }));
    try {
      const outcomes = await watchThroughRotations(server, 'notify', () => BOUND_MS);
      const newMail = outcomes.filter(({ step }) => step.name.endsWith('new mail'));
      const bareLate = newMail.filter(({ step, startedAt }) => !bareEvents.some((e) => e.path === step.folder && e.wall >= startedAt && e.wall - startedAt <= BOUND_MS));
      // At most one APPEND can fall into the 2 s before the bare client's 30 s timer tick.
      expect(bareLate.length, 'a bare NOTIFY client heard of new mail late after the rotations (else Dovecot no longer has the bug this test is about)').toBeGreaterThan(0);
    } finally {
      await bare.close();
    }
  }, 120_000);
});

/** Dovecot 2.3.19's post-login capabilities without these. */
async function capabilitiesWithout(server: DovecotServer, ...drop: string[]): Promise<string> {
  const client = await server.connect('alice');
  const caps = [...client.capabilities.keys()].filter((cap) => !drop.includes(cap) && cap !== 'IMAP4REV1');
  await client.logout();
  return ['IMAP4rev1', ...caps].join(' ');
}

for (const [kind, drop] of [['idle', ['NOTIFY']], ['poll', ['NOTIFY', 'IDLE']]] as const) {
  describe(`without ${drop.join(' or ')} (${kind === 'idle' ? 'IDLE on INBOX' : 'NOOP on INBOX'}, the other folders polled), after the rotations`, () => {
    let server: DovecotServer;
    beforeAll(async () => {
      const probe = await startDovecot();
      const capability = await capabilitiesWithout(probe, ...drop);
      await probe.stop();
      server = await startDovecot({ imapCapability: capability });
      await setUp(server);
    });
    afterAll(async () => server?.stop());

    it('reports INBOX within 2 s and the polled folder within its poll interval, each change once', async () => {
      const outcomes = await watchThroughRotations(server, kind);
      for (const outcome of outcomes.filter(({ step }) => step.folder === 'INBOX')) expect(outcome.boundMs).toBe(BOUND_MS);
    }, 120_000);
  });
}
