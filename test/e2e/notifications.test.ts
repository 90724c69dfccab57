// Desktop notifications end to end: real Dovecot → real native host → built extension's worker in real Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, hostProcesses, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';

/** The parts of the worker's `chrome` API the test calls inside `worker.evaluate`. */
declare const chrome: {
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
  storage: {
    session: { get(key: string): Promise<Record<string, unknown>>; onChanged: { addListener(listener: (changes: Record<string, { newValue?: unknown }>) => void): void } };
    local: { get(key: string): Promise<Record<string, unknown>> };
  };
};
/** The worker's global, where the test keeps the host link states it saw. */
declare const globalThis: { hostStates?: string[] };

interface ShownNotification {
  account: string;
  targets: { folder: string; uidValidity: string; uids: number[] }[];
  title: string;
  message: string;
}


describe('desktop notifications in Chromium', () => {
  let server: DovecotServer;
  let browser: ExtensionBrowser;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  let firstUid: number;
  let freshUid: number;
  let thirdUid: number;

  /** Notifications Chrome currently has, each with what the worker recorded for it. */
  const notifications = async (): Promise<[string, ShownNotification | undefined][]> =>
    browser.worker.evaluate(async () => {
      const ids = Object.keys(await chrome.notifications.getAll());
      const { notificationTargets = {} } = await chrome.storage.session.get('notificationTargets');
      return ids.map((id) => [id, (notificationTargets as Record<string, ShownNotification>)[id]] as [string, ShownNotification | undefined]);
    });
  const notifiedKeys = async (): Promise<string[]> =>
    browser.worker.evaluate(async () => ((await chrome.storage.local.get('notifiedKeys')).notifiedKeys as string[] | undefined) ?? []);
  const keyOf = (uid: number) => (keys: string[]) => keys.some((key) => { const [account, folder, , u] = JSON.parse(key) as unknown[]; return account === 'Demo' && folder === 'INBOX' && u === uid; });

  beforeAll(async () => {
    server = await startDovecot();
    env = await makeConfigDir();
    firstUid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Already here' })))!;
    await addDovecotAccount(env, server, { name: 'Demo' });
    browser = await launchWithExtension(env);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await env?.remove();
  });

  it('records the unread message already there without showing a notification', async () => {
    expect(firstUid).toBeGreaterThan(0);
    expect(await waitForValue(() => browser.badgeText(), '1', 15_000)).toBe('1');
    await expect.poll(async () => keyOf(firstUid)(await notifiedKeys()), { timeout: 10_000 }).toBe(true);
    expect(await notifications()).toEqual([]);
  });

  it('shows one notification for a new message, naming its sender and subject', async () => {
    freshUid = (await server.append('alice', 'INBOX', buildMessage({ from: 'Bob Example <bob@example.test>', subject: 'Fresh news' })))!;
    await expect.poll(async () => (await notifications()).length, { timeout: 10_000 }).toBe(1);
    const [[, shown]] = (await notifications()) as [[string, ShownNotification]];

    const imap = await server.connect('alice');
    const status = await imap.status('INBOX', { uidValidity: true });
    await imap.logout();
    expect(shown).toMatchObject({ account: 'Demo', targets: [{ folder: 'INBOX', uidValidity: String(status && status.uidValidity), uids: [freshUid] }], title: 'Bob Example' });
    expect(shown.message).toContain('Fresh news');
    expect(await browser.badgeText()).toBe('2');
  });

  it('does not repeat a notification when the host restarts and sends everything again', async () => {
    const [[id]] = (await notifications()) as [[string, ShownNotification]];
    await browser.worker.evaluate((notificationId) => chrome.notifications.clear(notificationId), id);
    expect(await notifications()).toEqual([]);

    // Every host link state the worker stores from now on: a killed host must show as stopped, then come back.
    await browser.worker.evaluate(() => {
      globalThis.hostStates = [];
      chrome.storage.session.onChanged.addListener((changes) => {
        const host = (changes.state?.newValue as { host?: { state: string } } | undefined)?.host;
        if (host && globalThis.hostStates!.at(-1) !== host.state) globalThis.hostStates!.push(host.state);
      });
    });
    const [host] = hostProcesses(env.configDir);
    expect(host).toBeDefined();
    process.kill(host!, 'SIGKILL');
    await expect.poll(() => hostProcesses(env.configDir).some((pid) => pid !== host), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => browser.worker.evaluate(() => globalThis.hostStates), { timeout: 10_000 }).toEqual(['disconnected', 'connecting', 'connected']);

    // The restarted host re-sends the state with both old messages; only the third one may be notified.
    thirdUid = (await server.append('alice', 'INBOX', buildMessage({ from: 'Carol <carol@example.test>', subject: 'Third one' })))!;
    await expect.poll(async () => (await notifications()).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const shown = await notifications();
    expect(shown.map(([, record]) => record?.targets.flatMap((target) => target.uids))).toEqual([[thirdUid]]);
    expect(await browser.badgeText()).toBe('3');
  });

  it('closes the notification when its message is read in another client', async () => {
    const imap = await server.connect('alice');
    const lock = await imap.getMailboxLock('INBOX');
    try {
      await imap.messageFlagsAdd(String(thirdUid), ['\\Seen'], { uid: true });
    } finally {
      lock.release();
    }
    await imap.logout();
    await expect.poll(async () => (await notifications()).length, { timeout: 10_000 }).toBe(0);
    expect(await browser.badgeText()).toBe('2');
  });
});
