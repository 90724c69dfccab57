// The live run: every contender watches its site at once while the bench delivers new mail (latency), then leaves
// them alone (idle cost), then plays the busy scenario with forced index-log rotations (staleness). One run, one clock.
import { setTimeout as sleep } from 'node:timers/promises';
import { makeConfigDir } from '../../test/support/host';
import { buildMessage } from '../../test/support/mail';
import { applyOp, planBusy } from '../lib/busy-plan';
import { contenderDefs, startEntrant, type Entrant } from '../lib/contenders';
import { installLauncher } from '../lib/launcher';
import { wallClock } from '../lib/meter';
import { waitForQuietLogs } from '../lib/quiet';
import { WATCHED_FOLDERS } from '../lib/seed';
import { startSites, USER, type Site, type SiteId } from '../lib/site';
import { summarizeLive, type LiveResult, type LiveTimeline } from '../lib/live-summary';

export interface LiveOptions {
  messages: number;
  /** New NOTIFY sessions every this many messages, after a forced rotation: the latency run stays before issue 9. */
  segment: number;
  idleMs: number;
  busyMs: number;
  graceMs: number;
  sweepMs: number;
  naiveMs: number;
  rotateInbox: boolean;
  /** Wait for the 60 s pollers to show the latency run's mail before idling (too long for --quick). */
  catchUp: boolean;
  say(line: string): void;
}

/** Dovecot's batching delay (NOTIFY_DELAY_MSECS): after this long without an index-log write no timer is pending. */
const QUIET_MS = 600;
const PUSH_WAIT_MS = 3_000;

export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const ids: SiteId[] = ['main', 'no-notify', 'no-list-status', 'no-push'];
  const sites = await startSites(ids);
  const siteOf = (id: SiteId) => sites.find((site) => site.id === id)!;
  const entrants: Entrant[] = [];
  const flagsEnv = await makeConfigDir();
  try {
    const { nodeFlags } = await installLauncher(flagsEnv);
    // Fresh list-index logs, so the latency run ends before Dovecot would rotate them by itself.
    await Promise.all(sites.map((site) => site.server.forceIndexLogRotation(USER.user, 'list')));
    const defs = contenderDefs({ sweepMs: options.sweepMs, naiveMs: options.naiveMs });
    options.say(`starting ${defs.length} contenders on ${sites.length} Dovecot sites…`);
    entrants.push(...(await Promise.all(defs.map((def) => startEntrant(def, siteOf(def.site), nodeFlags)))));
    await waitReady(entrants, 60_000);
    options.say(`latency: ${options.messages} messages over ${WATCHED_FOLDERS.length} folders…`);
    const mainLogs = siteOf('main').logs;
    const rotationsAtStart = { list: mainLogs.rotations('list'), inbox: mainLogs.rotations('inbox') };
    let forced = 0;
    const latencyFrom = wallClock();
    // Bytes and time of the latency run without the renewals between its segments (reconnecting is not new mail).
    const latencyBytes: Record<string, number> = {};
    let latencyActiveMs = 0;
    let segment = { at: wallClock(), bytes: bytesOf(entrants) };
    const closeSegment = () => {
      const now = bytesOf(entrants);
      for (const id of Object.keys(now)) latencyBytes[id] = (latencyBytes[id] ?? 0) + now[id]! - segment.bytes[id]!;
      latencyActiveMs += wallClock() - segment.at;
    };
    for (let i = 0; i < options.messages; i++) {
      if (i > 0 && i % options.segment === 0) {
        closeSegment();
        await renewNotifySessions(entrants, siteOf('main'));
        forced++;
        segment = { at: wallClock(), bytes: bytesOf(entrants) };
      }
      await deliver(sites, entrants, WATCHED_FOLDERS[(i * 7) % WATCHED_FOLDERS.length]!, i);
    }
    // The pollers catch up on their next poll; that work (counts, previews) belongs to the new mail, not to idling.
    // Only a sweep longer than this phase (the 10-minute one) is left to happen during the idle phase.
    if (options.catchUp) {
      options.say('waiting for the 60 s pollers to catch up…');
      await waitReady(entrants.filter((e) => !('script' in e.def.run && (e.def.run.intervalMs ?? 0) > 120_000)), 150_000);
    }
    closeSegment();
    // Rotations Dovecot did by itself while NOTIFY sessions were open (the forced ones renewed the sessions).
    const natural = { list: mainLogs.rotations('list') - rotationsAtStart.list - forced, inbox: mainLogs.rotations('inbox') - rotationsAtStart.inbox };
    const latency = { from: latencyFrom, to: wallClock(), bytes: latencyBytes, activeMs: latencyActiveMs, rotations: natural };

    options.say(`idle for ${Math.round(options.idleMs / 1000)} s (cost of watching, and the slow contenders catch up)…`);
    // Let the last message's follow-up work (previews) finish first: it belongs to the new mail, not to idling.
    for (const site of sites) await waitForQuietLogs(site.logs, QUIET_MS, 10_000);
    await sleep(2_000);
    // Connections held: counted from here on, after start-up (a pinned host's certificate probe is a brief extra).
    for (const entrant of entrants) entrant.running.meter.resetPeak();
    const idleFrom = wallClock();
    const idleBytes = bytesOf(entrants);
    const idleOpened = openedOf(entrants);
    for (const entrant of entrants) entrant.running.markCpu();
    for (const end = idleFrom + options.idleMs; wallClock() < end; ) {
      for (const entrant of entrants) entrant.running.sampleRss();
      checkAlive(entrants);
      await sleep(Math.min(5_000, Math.max(0, end - wallClock())));
    }
    const idle = { from: idleFrom, to: wallClock(), bytesAtStart: idleBytes, bytesAtEnd: bytesOf(entrants), openedAtStart: idleOpened, openedAtEnd: openedOf(entrants), cpu: cpuOf(entrants) };

    const plan = planBusy(WATCHED_FOLDERS, { durationMs: options.busyMs, meanGapMs: 1_500, firstRotationMs: Math.min(10_000, options.busyMs / 4), rotateEveryMs: 90_000, rotateInbox: options.rotateInbox, clients: 3, seed: 9 });
    options.say(`busy: ${plan.length} changes by 3 other clients over ${Math.round(options.busyMs / 1000)} s, with forced rotations…`);
    await Promise.all(sites.map((site) => site.startOthers()));
    const main = siteOf('main');
    const rotationsBefore = { list: main.logs.rotations('list'), inbox: main.logs.rotations('inbox') };
    for (const entrant of entrants) entrant.running.markCpu();
    const busyFrom = wallClock();
    for (const [serial, { atMs, op }] of plan.entries()) {
      await sleep(Math.max(0, busyFrom + atMs - wallClock()));
      await Promise.all(sites.map((site) => applyOp(site, op, serial)));
      checkAlive(entrants);
    }
    const busyTo = wallClock();
    const rotations = { list: main.logs.rotations('list') - rotationsBefore.list, inbox: main.logs.rotations('inbox') - rotationsBefore.inbox };
    await sleep(options.graceMs);
    checkAlive(entrants);
    // Changes the model recorded (a planned change can find nothing to do, e.g. no unseen message to mark read).
    const changes = main.model.changes.filter((c) => c.at >= busyFrom && c.at < busyTo).length;
    const busy = { from: busyFrom, to: busyTo, end: wallClock(), changes, rotations, cpu: cpuOf(entrants) };
    const timeline: LiveTimeline = { latency, idle, busy };
    return summarizeLive(entrants, timeline);
  } finally {
    await Promise.all(entrants.map((entrant) => entrant.cleanup()));
    await Promise.all(sites.map((site) => site.stop()));
    await flagsEnv.remove();
  }
}

function bytesOf(entrants: Entrant[]): Record<string, number> {
  return Object.fromEntries(entrants.map((e) => [e.def.id, e.running.meter.counts().up + e.running.meter.counts().down]));
}

function cpuOf(entrants: Entrant[]): Record<string, { cpuMs: number; wallMs: number }> {
  return Object.fromEntries(entrants.map((e) => [e.def.id, e.running.cpuSince()]));
}

function openedOf(entrants: Entrant[]): Record<string, number> {
  return Object.fromEntries(entrants.map((e) => [e.def.id, e.running.meter.counts().opened]));
}

function checkAlive(entrants: Entrant[]): void {
  for (const entrant of entrants) {
    entrant.running.check();
    entrant.site.check();
  }
}

/** Waits until every contender shows every folder as its site's model has it (in what it said after `since`). */
async function waitReady(entrants: Entrant[], timeoutMs: number, since = 0): Promise<void> {
  const deadline = wallClock() + timeoutMs;
  for (;;) {
    checkAlive(entrants);
    const behind = entrants.filter((e) => WATCHED_FOLDERS.some((folder) => !sameState(e, folder, since)));
    if (behind.length === 0) return;
    if (wallClock() > deadline) throw new Error(`contenders not ready: ${behind.map((e) => e.def.id).join(', ')}`);
    await sleep(100);
  }
}

function sameState(entrant: Entrant, folder: string, since = 0): boolean {
  const shown = entrant.running.current(folder, since);
  const truth = entrant.site.model.state(folder);
  return shown !== undefined && shown.unseen === truth.unseen && shown.total === truth.total;
}

/**
 * One new message to `folder` on every site at once. It waits first until no index-log write happened for 600 ms
 * on any site: otherwise a Dovecot timer armed by an earlier write would push some sessions early (the median gap
 * the old bench showed; docs/performance.md), and then until every contender that has push for it has reported it.
 */
async function deliver(sites: Site[], entrants: Entrant[], folder: string, serial: number): Promise<void> {
  for (const site of sites) await waitForQuietLogs(site.logs, QUIET_MS, 10_000);
  await sleep(Math.random() * 300);
  await Promise.all(
    sites.map(async (site) => {
      const result = await site.dropper.append(folder, buildMessage({ subject: `Latency ${serial}`, body: 'Hello '.repeat(40) }));
      if (!result || !result.uid) throw new Error('APPEND gave no UID (UIDPLUS)');
      site.model.appended(folder, result.uid, false, wallClock());
    }),
  );
  const waiting = entrants.filter((e) => e.def.push === 'all' || (e.def.push === 'inbox' && folder === 'INBOX'));
  const deadline = wallClock() + PUSH_WAIT_MS;
  while (waiting.some((e) => !sameState(e, folder)) && wallClock() < deadline) await sleep(5);
  checkAlive(entrants);
}

/** Forces a rotation with the NOTIFY contenders stopped, then starts them again: their sessions open after it. */
async function renewNotifySessions(entrants: Entrant[], main: Site): Promise<void> {
  const notify = entrants.filter((e) => e.def.notify);
  await Promise.all(notify.map((e) => e.pause()));
  await main.server.forceIndexLogRotation(USER.user, 'list');
  const since = wallClock();
  await Promise.all(notify.map((e) => e.resume()));
  await waitReady(notify, 60_000, since);
}
