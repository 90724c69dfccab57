// What a watched account costs on the wire while nothing happens, counted by a byte-counting relay: ≤ 200 B/s on one connection, whatever the strategy.
//
// With NOTIFY the cadence is measured as it runs (a NOOP a second, nothing else). The polled strategies poll every
// ~4 to ~50 s, too slow to average in a test, so their polls run every second here and each must cost no more
// than native-host/watch/cadence.ts plans for: its own unit test shows the plan stays within the budget.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_BUDGET_BYTES_PER_SECOND, NOOP_BYTES, PLANNED_BYTES_PER_SECOND, pollCostBytes } from '../../native-host/watch/cadence';
import type { WatchStrategy } from '../../native-host/watch/strategy';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { startTcpMeter } from '../support/tcp-relay';
import { latestCount, startWatchSession, until } from '../support/watch-session';

const FOLDERS = ['INBOX', 'Zürich', 'Projects.Alpha', 'Receipts 2025', 'Newsletters', ...Array.from({ length: 15 }, (_, i) => `Folder${String(i + 1).padStart(2, '0')}`)];
const WINDOW_MS = 10_000;
/** The polls' own timer runs every second in the polled cases; a window of 10 s holds 10 of them, give or take one. */
const FORCED_POLL_MS = 1_000;

interface Measured {
  strategy: WatchStrategy;
  bytesPerSecond: number;
  connections: number;
}

async function measureIdle(server: DovecotServer, pollIntervalMs?: number): Promise<Measured> {
  const meter = await startTcpMeter(server.host, server.imapsPort);
  const { session, seen } = startWatchSession(server, { folders: FOLDERS, port: meter.port, tuning: pollIntervalMs ? { pollIntervalMs } : {} });
  try {
    await until(() => seen.states.includes('ok') && FOLDERS.every((folder) => latestCount(seen, folder)) && seen.previews.length > 0, 15_000, 'the first counts and previews');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    meter.reset();
    const start = Date.now();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const { up, down } = meter.bytes();
    return { strategy: session.watchStrategy!, bytesPerSecond: ((up + down) * 1000) / (Date.now() - start), connections: meter.connections() };
  } finally {
    await session.stop();
    await meter.close();
  }
}

async function serverWithout(...drop: string[]): Promise<DovecotServer> {
  let capability: string | undefined;
  if (drop.length) {
    const probe = await startDovecot();
    const client = await probe.connect('alice');
    capability = ['IMAP4rev1', ...[...client.capabilities.keys()].filter((cap) => !drop.includes(cap) && cap !== 'IMAP4REV1')].join(' ');
    await client.logout();
    await probe.stop();
  }
  const server = await startDovecot(capability === undefined ? {} : { imapCapability: capability });
  for (const folder of FOLDERS.slice(1)) await server.createFolder('alice', folder);
  await server.append('alice', 'INBOX', buildMessage({ subject: 'Something unread' }));
  return server;
}

describe('idle traffic per account', () => {
  const servers: DovecotServer[] = [];
  beforeAll(async () => {
    servers.push(...(await Promise.all([serverWithout(), serverWithout('NOTIFY'), serverWithout('NOTIFY', 'IDLE')])));
  });
  afterAll(async () => Promise.all(servers.map((server) => server.stop())));

  it('stays within 200 B/s on one connection: NOTIFY as it runs, and each poll of the other strategies as cadence.ts plans it', async () => {
    const [notify, idle, poll] = await Promise.all([measureIdle(servers[0]!), measureIdle(servers[1]!, FORCED_POLL_MS), measureIdle(servers[2]!, FORCED_POLL_MS)]);
    console.log(`[idle-traffic] ${[notify, idle, poll].map((m) => `${m.strategy.kind}: ${m.bytesPerSecond.toFixed(0)} B/s`).join(', ')} (polls forced to every ${FORCED_POLL_MS / 1000} s in idle and poll)`);
    for (const measured of [notify, idle, poll]) expect(measured.connections, measured.strategy.kind).toBe(1);

    expect(notify.strategy.kind).toBe('notify');
    expect(notify.bytesPerSecond).toBeLessThanOrEqual(IDLE_BUDGET_BYTES_PER_SECOND);
    // A NOOP a second and nothing else (the plan's figure, give or take a TLS record).
    expect(notify.bytesPerSecond).toBeGreaterThan(NOOP_BYTES * 0.8);
    expect(notify.bytesPerSecond).toBeLessThan(NOOP_BYTES * 1.2);

    // Counting one poll fewer than the window can hold (a slow timer), each poll may cost more than estimated only
    // by what the budget keeps in reserve (200 over the 150 planned): beyond that the account would exceed 200 B/s.
    const pollsAtMost = WINDOW_MS / FORCED_POLL_MS - 1;
    const reserve = IDLE_BUDGET_BYTES_PER_SECOND / PLANNED_BYTES_PER_SECOND;
    expect(idle.strategy).toMatchObject({ kind: 'idle', idleFolder: 'INBOX' });
    if (idle.strategy.kind !== 'idle') return;
    const idlePerPoll = (idle.bytesPerSecond * WINDOW_MS) / 1000 / pollsAtMost;
    expect(idlePerPoll).toBeLessThanOrEqual(pollCostBytes(idle.strategy.polled, idle.strategy.poll) * reserve);

    expect(poll.strategy).toMatchObject({ kind: 'poll', noopFolder: 'INBOX' });
    if (poll.strategy.kind !== 'poll') return;
    const pollPerPoll = ((poll.bytesPerSecond - NOOP_BYTES) * WINDOW_MS) / 1000 / pollsAtMost;
    expect(pollPerPoll).toBeLessThanOrEqual(pollCostBytes(poll.strategy.polled, poll.strategy.poll) * reserve);
  }, 120_000);
});
