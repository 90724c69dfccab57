// Faults on a real Dovecot, with the real host (launcher flags) and the extension's own notification rules fed its
// frames: server killed and restarted, connections cut mid-command, a dead connection after a sleep, a folder rebuilt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKOFF_MIN_MS } from '../../lib/backoff';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { ExtensionModel } from '../support/extension-model';
import { recordFigure } from '../support/figures';
import { addDovecotAccount, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { NativeClient } from '../support/native-client';
import { startInspectingRelay, type InspectingRelay } from '../support/inspecting-relay';
import { startTcpMeter, type TcpMeter } from '../support/tcp-relay';
import { makeCertificate, type TestCertificate } from '../support/test-certificates';

/** Kill/restart cycles of the server (each a few seconds: Dovecot takes ~1 s to stop its workers). */
const RESTARTS = 20;

type Message = Record<string, unknown>;
const stateOf = (m: Message) => (m.status as { state?: string } | undefined)?.state;

/** A host on its own config dir, with the frames it sent fed to the extension's rules as they arrive. */
async function startHost(server: DovecotServer, account: { name: string; port?: number; pin?: string; folders?: string[] }) {
  const env = await makeConfigDir();
  await addDovecotAccount(env, { ...server, imapsPort: account.port ?? server.imapsPort }, {
    name: account.name,
    ...(account.folders ? { folders: account.folders } : {}),
    ...(account.pin ? { trustFingerprint: account.pin } : {}),
  });
  const host = new NativeClient(env, { launcherFlags: true });
  host.send({ type: 'hello', id: 'hello', extensionVersion: '0.1.0' });
  host.send({ type: 'getState', id: 'state' });
  const model = new ExtensionModel({ [account.name]: account.folders ?? ['INBOX'] });
  let fed = 0;
  const feed = () => {
    for (; fed < host.messages.length; fed++) model.receive(host.messages[fed]);
  };
  const timed: { at: number; message: Message }[] = [];
  const poll = setInterval(() => {
    for (let i = timed.length; i < host.messages.length; i++) timed.push({ at: Date.now(), message: host.messages[i] as Message });
    feed();
  }, 20);
  return {
    host,
    model,
    timed,
    /** Waits until a previews event of this folder lists `uid`. */
    reported: (uid: number, folder = 'INBOX', timeoutMs = 15_000) =>
      host.waitFor((m) => m.type === 'previews' && m.account === account.name && m.folder === folder && (m.previews as { uid: number }[]).some((p) => p.uid === uid), timeoutMs),
    async stop() {
      clearInterval(poll);
      feed();
      host.kill();
      await env.remove();
    },
  };
}

describe('faults on a real Dovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`server killed and restarted ${RESTARTS}×: every message appended while it was up is reported and notified once, recovery within 5 s`, async () => {
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Before any fault' }));
    const run = await startHost(server, { name: 'Main' });
    const appended: number[] = [];
    const recoveries: number[] = [];
    try {
      await run.host.waitFor((m) => m.type === 'previews' && m.account === 'Main');
      for (let cycle = 0; cycle < RESTARTS; cycle++) {
        const down = run.host.messages.length;
        await server.kill();
        await run.host.waitFor((m) => m.type === 'accountStatus' && stateOf(m) === 'offline' && run.host.messages.indexOf(m) >= down, 15_000);
        const from = run.host.messages.length;
        await server.restart();
        const back = Date.now();
        await run.host.waitFor((m) => m.type === 'accountStatus' && stateOf(m) === 'ok' && run.host.messages.indexOf(m) >= from, 15_000);
        recoveries.push(Date.now() - back);
        const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: `While up, cycle ${cycle}` })))!;
        appended.push(uid);
        await run.reported(uid);
      }
    } finally {
      await run.stop();
    }
    expect(Math.max(...recoveries)).toBeLessThanOrEqual(5_000);
    expect(run.model.shown).toEqual(appended.map((uid) => `Main/INBOX/${uid}`));
    recordFigure('faults', 'server restarts', RESTARTS);
    recordFigure('faults', 'recovery after restart, max (ms)', Math.max(...recoveries));
    recordFigure('faults', 'messages appended while up / notified', `${appended.length} / ${run.model.shown.length}`);
  }, 240_000);

  it('while the server is down, connection attempts back off (1 s, 2 s, 4 s … with jitter)', async () => {
    const run = await startHost(server, { name: 'Patient' });
    try {
      await run.host.waitFor((m) => m.type === 'accountStatus' && stateOf(m) === 'ok');
      await server.kill();
      const downAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 9_000));
      const attempts = run.timed.filter(({ at, message }) => at >= downAt && message.type === 'accountStatus' && stateOf(message) === 'connecting').map(({ at }) => at);
      await server.restart();
      const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
      // Attempt n waits between half and all of 2^n seconds: each gap at least half its step, so they grow.
      gaps.forEach((gap, n) => expect(gap, `gap ${n} of ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual((BACKOFF_MIN_MS * 2 ** (n + 1)) / 2 - 150));
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.length).toBeLessThanOrEqual(5);
      recordFigure('faults', 'connection attempts in 9 s down', attempts.length);
    } finally {
      await run.stop();
    }
  }, 60_000);

  describe('through a relay that reads the commands and cuts the connection after one', () => {
    let inspecting: InspectingRelay;
    let withoutNotify: InspectingRelay;
    let certificate: TestCertificate;
    beforeAll(async () => {
      certificate = await makeCertificate('self-signed');
      inspecting = await startInspectingRelay(server.host, server.imapsPort, certificate);
      withoutNotify = await startInspectingRelay(server.host, server.imapsPort, certificate, 'NOTIFY');
    });
    afterAll(async () => {
      await inspecting?.close();
      await withoutNotify?.close();
    });

    it.each([
      ['mid-NOTIFY (the subscription being set up)', /NOTIFY SET/],
      ['mid-IDLE (a server without NOTIFY)', /IDLE\r\n/],
      ['mid-FETCH (previews being read)', /UID FETCH/],
    ])('connection cut %s: nothing lost, nothing notified twice', async (when, pattern) => {
      const relay = when.includes('IDLE') ? withoutNotify : inspecting;
      const run = await startHost(server, { name: 'Cut', port: relay.port, pin: certificate.fingerprint256 });
      try {
        await run.host.waitFor((m) => m.type === 'previews' && m.account === 'Cut');
        const cut = relay.cutWhenClientSends(pattern);
        const first = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Arrives, then the cut' })))!;
        if (when.includes('NOTIFY')) relay.dropAll(); // the next connection sets NOTIFY up again: cut that one
        await cut;
        const second = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Arrives after the cut' })))!;
        await run.reported(first);
        await run.reported(second);
        await new Promise((resolve) => setTimeout(resolve, 500));
        // Each exactly once (two arriving together are notified newest first).
        const mine = run.model.shown.filter((key) => key.startsWith('Cut/'));
        expect(mine.sort()).toEqual([`Cut/INBOX/${first}`, `Cut/INBOX/${second}`].sort());
      } finally {
        await run.stop();
      }
    }, 60_000);
  });

  describe('through a relay that can freeze connections', () => {
    let relay: TcpMeter;
    beforeAll(async () => {
      relay = await startTcpMeter(server.host, server.imapsPort);
    });
    afterAll(async () => relay?.close());

    it('a connection gone dead during a sleep (frozen, not closed) is replaced within seconds of the clock jump', async () => {
      // The in-process session manager with a clock the test moves: the host reads the wall clock every 15 s.
      const { SessionManager } = await import('../../native-host/sessions');
      const secrets = { kind: 'memory', get: async () => 'alice-secret', set: async () => undefined, delete: async () => undefined };
      let now = Date.now();
      const seen: Message[] = [];
      const sessions = new SessionManager(secrets, {
        status: (account, status) => seen.push({ type: 'accountStatus', account, status }),
        counts: (account, folders) => seen.push({ type: 'folderCounts', account, folders }),
        previews: (account, folder) => seen.push({ type: 'previews', account, ...folder }),
      }, undefined, { now: () => now, tickMs: 200 });
      try {
        await sessions.sync([{ name: 'Sleepy', host: server.host, port: relay.port, security: 'tls', user: 'alice', folders: ['INBOX'], trustFingerprint: server.certFingerprint256 }]);
        const until = async (test: (m: Message) => boolean, ms = 10_000) => {
          for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 20))) if (seen.some(test)) return;
          throw new Error(`not seen: ${JSON.stringify(seen).slice(-500)}`);
        };
        await until((m) => m.type === 'previews');
        relay.freezeAll();
        const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Sent while the laptop slept' })))!;
        await new Promise((resolve) => setTimeout(resolve, 1_500)); // a frozen connection hears nothing
        const heard = (m: Message) => m.type === 'previews' && (m.previews as { uid: number }[]).some((p) => p.uid === uid);
        expect(seen.some(heard)).toBe(false);
        now += 10 * 60_000; // the wall clock jumps: the machine slept
        const woke = Date.now();
        await until(heard, 5_000);
        recordFigure('faults', 'new mail reported after a clock jump (ms)', Date.now() - woke);
      } finally {
        await sessions.stopAll();
      }
    }, 60_000);
  });

  it('UIDVALIDITY change: the folder\'s cached UIDs are dropped and a mark-read naming the old UIDVALIDITY is refused', async () => {
    await server.createFolder('alice', 'Work');
    const oldUid = (await server.append('alice', 'Work', buildMessage({ subject: 'Old generation' })))!;
    const run = await startHost(server, { name: 'Rebuilt', folders: ['Work'] });
    try {
      const before = await run.reported(oldUid, 'Work');
      const imap = await server.connect('alice');
      try {
        await imap.mailboxDelete('Work');
        await imap.mailboxCreate('Work');
      } finally {
        await imap.logout();
      }
      const newUid = (await server.append('alice', 'Work', buildMessage({ subject: 'New generation' })))!;
      const after = await run.host.waitFor((m) => m.type === 'previews' && m.folder === 'Work' && m.uidValidity !== before.uidValidity, 15_000);
      expect((after.previews as { uid: number; subject: string }[]).map((p) => p.subject)).toEqual(['New generation']);
      run.host.send({ type: 'markRead', id: 'stale', account: 'Rebuilt', folder: 'Work', uidValidity: before.uidValidity, uids: [newUid] });
      expect(await run.host.waitFor((m) => m.id === 'stale')).toMatchObject({ type: 'error', problem: { code: 'UIDVALIDITY_CHANGED' } });
      run.host.send({ type: 'getState', id: 'after' });
      const state = await run.host.waitFor<{ accounts: { previews: { uidValidity: string }[] }[] }>((m) => m.id === 'after');
      expect(state.accounts[0]!.previews.map((p) => p.uidValidity)).toEqual([after.uidValidity]);
    } finally {
      await run.stop();
    }
  }, 60_000);
});
