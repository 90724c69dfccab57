// IMAP NOTIFY on one imapflow connection against a real Dovecot: pushes for 20 folders, what each event sends, coexistence with imapflow.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBareNotifyClient, type BareStatusEvent } from '../../bench/bare-notify-client';
import { subscribeNotify, supportsNotify, type FolderStatus } from '../../native-host/imap/notify';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';

const BOXES = Array.from({ length: 10 }, (_, i) => `Box${String(i + 1).padStart(2, '0')}`);
/** Filled in beforeAll: the nested names need the server's hierarchy delimiter. */
let FOLDERS: string[] = [];
/** Folders the bare client can name: it does no modified UTF-7. */
let ASCII_FOLDERS: string[] = [];
let delimiter = '';

let server: DovecotServer;
let appender: ImapFlow;
let observer: ImapFlow;

beforeAll(async () => {
  server = await startDovecot();
  appender = await server.connect('alice');
  observer = await server.connect('alice');
  const inbox = (await observer.list()).find((entry) => entry.path === 'INBOX');
  delimiter = inbox?.delimiter ?? '';
  FOLDERS = [
    'INBOX',
    'Zürich',
    '日本語',
    `Projects${delimiter}Alpha`,
    `Projects${delimiter}Beta ü`,
    'a "quoted" name',
    'back\\slash',
    'R&D',
    'Sale 50%',
    'Ünïcödé & more',
    ...BOXES,
  ];
  ASCII_FOLDERS = FOLDERS.filter((folder) => /^[\x20-\x7e]+$/.test(folder) && !folder.includes('&'));
  for (const folder of FOLDERS.slice(1)) await server.createFolder('alice', folder);
});
afterAll(async () => {
  await appender?.logout().catch(() => undefined);
  await observer?.logout().catch(() => undefined);
  await server?.stop();
});

interface Pushed {
  status: FolderStatus;
  at: number;
}

function recorder(): { pushed: Pushed[]; onStatus: (status: FolderStatus) => void } {
  const pushed: Pushed[] = [];
  return { pushed, onStatus: (status) => pushed.push({ status, at: performance.now() }) };
}

/** A client of our own making, recording every command it sends; auto-IDLE off unless asked for. */
async function watchingClient(sent: string[] = [], options: Partial<ImapFlowOptions> = {}): Promise<ImapFlow> {
  return await connectRecording(dovecotTarget(server), sent, options);
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

async function append(folder: string, flags?: string[]): Promise<number> {
  await appender.append(folder, buildMessage({ subject: `For ${folder}` }), flags);
  return performance.now();
}

async function truth(folder: string): Promise<{ messages: number; unseen: number }> {
  const status = await observer.status(folder, { messages: true, unseen: true });
  if (!status || status.messages === undefined || status.unseen === undefined) throw new Error(`no STATUS for ${folder}`);
  return { messages: status.messages, unseen: status.unseen };
}

function pushAfter(pushed: Pushed[], from: number, folder: string, match: (status: FolderStatus) => boolean = () => true): Pushed | undefined {
  return pushed.slice(from).find((entry) => entry.status.folder === folder && match(entry.status));
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  const p50 = sorted[Math.ceil(sorted.length / 2) - 1] ?? Number.NaN;
  return `p50 ${p50.toFixed(0)} ms, max ${Math.max(...sorted).toFixed(0)} ms over ${sorted.length}`;
}

describe('NOTIFY on one imapflow connection', () => {
  it('reports every folder up front, then a pushed status with the right counts after an APPEND to each of 20 folders', async () => {
    const client = await server.connect('alice');
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, FOLDERS, onStatus);
    try {
      // The STATUS indicator: Dovecot answers for every folder before NOTIFY's OK, UIDVALIDITY included.
      expect(new Set(pushed.map((entry) => entry.status.folder))).toEqual(new Set(FOLDERS));
      for (const { status } of pushed) expect(status).toMatchObject({ uidValidity: expect.stringMatching(/^\d+$/), uidNext: expect.any(Number) });

      const latencies: number[] = [];
      for (const folder of FOLDERS) {
        const before = await truth(folder);
        const from = pushed.length;
        const appendedAt = await append(folder);
        const push = await waitFor(() => pushAfter(pushed, from, folder, (s) => s.messages === before.messages + 1), `a push for ${folder}`);
        // MessageNew carries MESSAGES UIDNEXT UNSEEN (and HIGHESTMODSEQ), not UIDVALIDITY.
        expect(push.status).toMatchObject({ folder, messages: before.messages + 1, unseen: before.unseen + 1, uidNext: expect.any(Number) });
        expect(push.status.highestModseq).toMatch(/^\d+$/);
        latencies.push(push.at - appendedAt);
      }
      console.log(`[notify] subscribeNotify, APPEND → onStatus: ${summary(latencies)}`);
    } finally {
      await subscription.stop();
      await client.logout();
    }
  }, 60_000);

  it('reports a \\Seen change made by another connection with the lower unseen count (UNSEEN only, no MESSAGES)', async () => {
    const client = await server.connect('alice');
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, ['Zürich', 'R&D'], onStatus, { initialStatus: false });
    const other = await server.connect('alice');
    try {
      await append('Zürich');
      await sleep(1_000); // let the APPEND's own push pass
      const before = await truth('Zürich');
      const from = pushed.length;
      const lock = await other.getMailboxLock('Zürich');
      try {
        await other.messageFlagsAdd({ seen: false }, ['\\Seen']);
      } finally {
        lock.release();
      }
      const push = await waitFor(() => pushAfter(pushed, from, 'Zürich', (s) => s.unseen !== undefined), 'a push after \\Seen');
      expect(before.unseen).toBeGreaterThan(0);
      expect(push.status.unseen).toBe(0);
      expect(push.status.messages).toBeUndefined();
      expect(push.status.highestModseq).toMatch(/^\d+$/);

      // Any other flag only moves HIGHESTMODSEQ: a push without counts.
      const fromFlagged = pushed.length;
      const lock2 = await other.getMailboxLock('Zürich');
      try {
        await other.messageFlagsAdd('1', ['\\Flagged']);
      } finally {
        lock2.release();
      }
      const flagged = await waitFor(() => pushAfter(pushed, fromFlagged, 'Zürich'), 'a push after \\Flagged');
      expect(flagged.status).toEqual({ folder: 'Zürich', highestModseq: expect.stringMatching(/^\d+$/) });
    } finally {
      await other.logout();
      await subscription.stop();
      await client.logout();
    }
  }, 30_000);

  it('reports an expunge made by another connection', async () => {
    const client = await server.connect('alice');
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, ['R&D', '日本語'], onStatus, { initialStatus: false });
    const other = await server.connect('alice');
    try {
      await append('R&D');
      await append('R&D', ['\\Seen']);
      await sleep(1_000);
      const before = await truth('R&D');
      const from = pushed.length;
      const lock = await other.getMailboxLock('R&D');
      try {
        await other.messageDelete({ seen: false });
      } finally {
        lock.release();
      }
      const push = await waitFor(() => pushAfter(pushed, from, 'R&D', (s) => s.messages !== undefined), 'a push after EXPUNGE');
      expect(push.status).toMatchObject({ folder: 'R&D', messages: before.messages - before.unseen, unseen: 0 });
    } finally {
      await other.logout();
      await subscription.stop();
      await client.logout();
    }
  }, 30_000);

  it('keeps client.status() correct while pushes arrive in the middle of it, and stop() sends NOTIFY NONE', async () => {
    const sent: string[] = [];
    const client = await watchingClient(sent);
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, BOXES, onStatus, { initialStatus: false });
    try {
      const expected = await truth('Box01');
      // Back-to-back STATUS commands keep one in flight nearly always, so pushes land inside them.
      let polling = true;
      const results: unknown[] = [];
      const poller = (async () => {
        while (polling) results.push(await client.status('Box01', { messages: true, unseen: true }));
      })();
      const targets = BOXES.slice(1, 6);
      const counts = await Promise.all(targets.map(truth));
      const from = pushed.length;
      try {
        for (const folder of targets) await append(folder);
        await waitFor(() => (targets.every((folder) => pushAfter(pushed, from, folder)) ? true : undefined), 'pushes for all 5 folders');
      } finally {
        polling = false;
        await poller;
      }
      expect(results.length).toBeGreaterThan(10);
      for (const result of results) expect(result).toMatchObject(expected);
      targets.forEach((folder, i) => expect(pushAfter(pushed, from, folder)?.status.messages).toBe(counts[i]!.messages + 1));

      sent.length = 0;
      await subscription.stop();
      expect(sent.some((line) => /^\S+ NOTIFY NONE$/.test(line))).toBe(true);
      const afterStop = pushed.length;
      await append('Box02');
      await sleep(1_500);
      expect(pushed.slice(afterStop)).toEqual([]);
      expect(await client.status('Box02', { messages: true })).toMatchObject({ messages: counts[0]!.messages + 2 });

      // NONE then SET works again (a second SET without NONE would silently end Dovecot's pushes).
      const again = await subscribeNotify(client, ['Box02'], onStatus, { initialStatus: false });
      const fromAgain = pushed.length;
      await append('Box02');
      await waitFor(() => pushAfter(pushed, fromAgain, 'Box02'), 'a push after subscribing again');
      await again.stop();
    } finally {
      await subscription.stop();
      await client.logout();
    }
  }, 30_000);

  it('keeps client.list() with LIST-STATUS whole while partial pushes (UNSEEN only) arrive in the middle of it', async () => {
    const client = await watchingClient();
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, FOLDERS, onStatus, { initialStatus: false });
    const other = await server.connect('alice');
    try {
      const targets = ['Box09', 'Box10'];
      for (const folder of targets) for (let i = 0; i < 3; i++) await append(folder);
      await sleep(1_000);
      let polling = true;
      const listings: Awaited<ReturnType<ImapFlow['list']>>[] = [];
      const poller = (async () => {
        while (polling) listings.push(await client.list({ statusQuery: { messages: true, unseen: true } }));
      })();
      const from = pushed.length;
      try {
        // Each \Seen change is its own push (Dovecot batches 0.5 s), carrying UNSEEN but not MESSAGES.
        for (let i = 0; i < 6; i++) {
          const folder = targets[i % 2]!;
          const lock = await other.getMailboxLock(folder);
          try {
            await other.messageFlagsAdd(String(Math.floor(i / 2) + 1), ['\\Seen']);
          } finally {
            lock.release();
          }
          await sleep(600);
        }
        await waitFor(() => (pushed.slice(from).filter((p) => targets.includes(p.status.folder) && p.status.unseen !== undefined).length >= 6 ? true : undefined), '6 \\Seen pushes');
      } finally {
        polling = false;
        await poller;
      }
      expect(listings.length).toBeGreaterThan(10);
      for (const listing of listings) {
        for (const entry of listing.filter((e) => FOLDERS.includes(e.path))) expect(entry.status).toMatchObject({ messages: expect.any(Number), unseen: expect.any(Number) });
      }
    } finally {
      await other.logout();
      await subscription.stop();
      await client.logout();
    }
  }, 30_000);

  it('refuses a second subscription on the same connection until the first is stopped', async () => {
    const client = await watchingClient();
    const subscription = await subscribeNotify(client, ['Box03'], () => undefined, { initialStatus: false });
    try {
      await expect(subscribeNotify(client, ['Box04'], () => undefined)).rejects.toThrow(/already has a NOTIFY subscription/);
    } finally {
      await subscription.stop();
      await client.logout();
    }
  });

  it('with a folder selected and imapflow IDLEing: other folders still push STATUS, the selected one reports through IDLE', async () => {
    const sent: string[] = [];
    const client = await watchingClient(sent, { disableAutoIdle: false, autoIdleDelay: 50 });
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, ['Box05', 'Box06'], onStatus, { initialStatus: false });
    try {
      await client.mailboxOpen('Box05');
      await waitFor(() => (client.idling ? true : undefined), 'auto-IDLE');
      const [selected, other] = [await truth('Box05'), await truth('Box06')];

      const from = pushed.length;
      await append('Box06');
      const push = await waitFor(() => pushAfter(pushed, from, 'Box06'), 'a push for a folder not selected');
      expect(push.status).toMatchObject({ messages: other.messages + 1, unseen: other.unseen + 1 });
      expect(client.idling).toBe(true); // the push did not end IDLE

      // Dovecot sends no STATUS for the selected folder; EXISTS in IDLE becomes a partial status.
      const fromSelected = pushed.length;
      await append('Box05');
      const exists = await waitFor(() => pushAfter(pushed, fromSelected, 'Box05'), 'EXISTS for the selected folder');
      expect(exists.status).toEqual({ folder: 'Box05', messages: selected.messages + 1 });
      expect(client.mailbox && client.mailbox.exists).toBe(selected.messages + 1);
    } finally {
      await subscription.stop();
      await client.logout();
    }
  }, 30_000);

  it('sends NOOP to keep a quiet connection alive past imapflow socketTimeout, but never while imapflow IDLEs', async () => {
    const sent: string[] = [];
    const client = await watchingClient(sent, { socketTimeout: 1_500 });
    const { pushed, onStatus } = recorder();
    // Asked for 5 min; capped at half the socket timeout, or imapflow would fail the quiet connection first.
    const subscription = await subscribeNotify(client, ['Box07'], onStatus, { initialStatus: false });
    try {
      await sleep(4_000);
      expect(client.usable).toBe(true);
      expect(sent.filter((line) => / NOOP$/.test(line)).length).toBeGreaterThanOrEqual(3);
      const from = pushed.length;
      await append('Box07');
      await waitFor(() => pushAfter(pushed, from, 'Box07'), 'a push after a quiet spell');
    } finally {
      await subscription.stop();
      await client.logout();
    }

    const idler = await watchingClient(sent, { disableAutoIdle: false, autoIdleDelay: 50 });
    const idleSubscription = await subscribeNotify(idler, ['Box08'], () => undefined, { noopEveryMs: 200, initialStatus: false });
    try {
      await idler.mailboxOpen('Box07');
      await waitFor(() => (idler.idling ? true : undefined), 'auto-IDLE');
      sent.length = 0;
      await sleep(1_000);
      expect(sent.filter((line) => / NOOP$/.test(line))).toEqual([]);
      expect(idler.idling).toBe(true);
    } finally {
      await idleSubscription.stop();
      await idler.logout();
    }
  }, 30_000);

  it('the bare reference client receives a STATUS for each APPEND (latency side by side with ours)', async () => {
    const client = await server.connect('alice');
    const { pushed, onStatus } = recorder();
    const subscription = await subscribeNotify(client, ASCII_FOLDERS, onStatus, { initialStatus: false });
    const bare = await startBareNotifyClient({ host: server.host, port: server.imapsPort, ca: server.certPem, user: 'alice', password: 'alice-secret', folders: ASCII_FOLDERS });
    const bareEvents: BareStatusEvent[] = [];
    bare.events.on('status', (event: BareStatusEvent) => bareEvents.push(event));
    try {
      const ours: number[] = [];
      const reference: number[] = [];
      for (let i = 0; i < 20; i++) {
        const folder = ASCII_FOLDERS[i % ASCII_FOLDERS.length]!;
        const [fromOurs, fromBare] = [pushed.length, bareEvents.length];
        const appendedAt = await append(folder);
        const oursAt = (await waitFor(() => pushAfter(pushed, fromOurs, folder), `our push for ${folder}`)).at;
        const bareAt = (await waitFor(() => bareEvents.slice(fromBare).find((e) => e.path === folder), `the bare push for ${folder}`)).at;
        ours.push(oursAt - appendedAt);
        reference.push(bareAt - appendedAt);
        // Spread the APPENDs over Dovecot's 500 ms batching window, as real mail arrives.
        await sleep(100 + ((i * 37) % 400));
      }
      console.log(`[notify] side by side, APPEND → event: bare client ${summary(reference)}; subscribeNotify ${summary(ours)}`);
    } finally {
      await bare.close();
      await subscription.stop();
      await client.logout();
    }
  }, 60_000);
});

describe('NOTIFY on a server that does not advertise it', () => {
  let plain: DovecotServer;
  beforeAll(async () => {
    // Dovecot's real post-login capabilities, minus NOTIFY.
    const probe = await server.connect('alice');
    const capabilities = [...probe.capabilities.keys()].filter((cap) => cap !== 'NOTIFY' && !cap.startsWith('AUTH='));
    await probe.logout();
    expect(capabilities).toContain('IMAP4rev1');
    plain = await startDovecot({ imapCapability: capabilities.join(' ') });
    await plain.createFolder('alice', 'Box01');
  });
  afterAll(async () => plain?.stop());

  it('supportsNotify is false and subscribeNotify throws a clear error without sending anything', async () => {
    const client = await plain.connect('alice');
    try {
      expect(supportsNotify(client.capabilities)).toBe(false);
      expect(supportsNotify(new Set(['IMAP4rev1', 'NOTIFY']))).toBe(true);
      await expect(subscribeNotify(client, ['INBOX'], () => undefined)).rejects.toThrow(/does not offer NOTIFY/);
      expect(client.usable).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('documents that Dovecot 2.3 still accepts NOTIFY and pushes when it is not advertised', async () => {
    const bare = await startBareNotifyClient({ host: plain.host, port: plain.imapsPort, ca: plain.certPem, user: 'alice', password: 'alice-secret', folders: ['Box01'] });
    const events: BareStatusEvent[] = [];
    bare.events.on('status', (event: BareStatusEvent) => events.push(event));
    try {
      await plain.append('alice', 'Box01', buildMessage({ subject: 'hidden NOTIFY' }));
      await waitFor(() => events.find((event) => event.path === 'Box01'), 'a push from the hidden NOTIFY');
    } finally {
      await bare.close();
    }
  });
});
