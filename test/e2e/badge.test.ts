// The whole product: real Dovecot → real native host → built extension in real Chromium → toolbar badge and popup.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, hostProcesses, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { ARTIFACTS_DIR } from '../support/paths';


declare const chrome: {
  storage: { session: { get(): Promise<object> }; local: { get(): Promise<object> } };
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  action: unknown;
};

describe('badge in Chromium', () => {
  let server: DovecotServer;
  let browser: ExtensionBrowser | undefined;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;

  beforeAll(async () => {
    server = await startDovecot();
    env = await makeConfigDir();
    for (let i = 1; i <= 3; i++) await server.append('alice', 'INBOX', buildMessage({ subject: `Hello ${i}` }));
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Read already' }), ['\\Seen']);
    await addDovecotAccount(env, server, { name: 'Demo' });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await env?.remove();
  });

  it('shows "3" for three unseen messages, then "4" within a few seconds of a fourth arriving', async () => {
    browser = await launchWithExtension(env);
    expect(await waitForValue(() => browser!.badgeText(), '3', 15_000)).toBe('3');

    const appendedAt = Date.now();
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Fresh news' }));
    expect(await waitForValue(() => browser!.badgeText(), '4', 5_000)).toBe('4');
    expect(Date.now() - appendedAt).toBeLessThan(5_000);
  });

  it('lists the account and its count in the popup', async () => {
    const popup = await browser!.openPopup();
    const card = popup.getByRole('article', { name: 'Demo' });
    await expect.poll(() => card.getByTestId('account-unseen').textContent(), { timeout: 5_000 }).toBe('4');
    await expect.poll(() => card.textContent()).toContain('Up to date');
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-skeleton.png') });
    await popup.close();
  });

  it('restarts the host by itself when it dies, and the badge recovers', async () => {
    const [first] = hostProcesses(env.configDir);
    expect(first).toBeDefined();
    process.kill(first!, 'SIGKILL');
    await expect.poll(() => hostProcesses(env.configDir).some((pid) => pid !== first), { timeout: 10_000 }).toBe(true);
    await server.append('alice', 'INBOX', buildMessage({ subject: 'After the restart' }));
    expect(await waitForValue(() => browser!.badgeText(), '5', 10_000)).toBe('5');
    expect(await browser!.badgeColor()).toEqual([26, 115, 232, 255]); // normal blue, not offline grey
  });

  it('drops the badge at once on mark read, and puts it back when the server refuses the change', async () => {
    const popup = await browser!.openPopup();
    try {
      // A page asks the worker to mark a message read in a folder whose UIDVALIDITY it got wrong: the host refuses.
      const send = (uidValidity: string) =>
        popup.evaluate(
          (request) => chrome.runtime.sendMessage({ type: 'host', request }) as Promise<{ type: string; problem?: { code: string } }>,
          { type: 'markRead', account: 'Demo', folder: 'INBOX', uidValidity, uids: [1] },
        );
      // Record every badge text the worker paints, so a short-lived one is not missed.
      await browser!.worker.evaluate(() => {
        const action = chrome.action as { setBadgeText(details: { text: string }): Promise<void> };
        const paint = action.setBadgeText.bind(action);
        const painted: string[] = [];
        (globalThis as { paintedBadges?: string[] }).paintedBadges = painted;
        action.setBadgeText = (details) => {
          painted.push(details.text);
          return paint(details);
        };
      });
      const reply = await send('1');
      expect(reply).toMatchObject({ type: 'error', problem: { code: 'UIDVALIDITY_CHANGED' } });
      expect(await waitForValue(() => browser!.badgeText(), '5', 5_000)).toBe('5');
      const painted = await browser!.worker.evaluate(() => (globalThis as { paintedBadges?: string[] }).paintedBadges ?? []);
      expect(painted.indexOf('4')).toBeGreaterThanOrEqual(0); // the optimistic drop showed…
      expect(painted.lastIndexOf('5')).toBeGreaterThan(painted.indexOf('4')); // …and was undone
    } finally {
      await popup.close();
    }
  });

  it('keeps the password out of everything the extension stores', async () => {
    const stored = await browser!.worker.evaluate(async () => JSON.stringify([await chrome.storage.session.get(), await chrome.storage.local.get()]));
    expect(stored).toContain('Demo');
    expect(stored).not.toContain('alice-secret');
  });
});

describe('without the native host', () => {
  it('says the helper is not installed, with the command to install it', async () => {
    const env = await makeConfigDir();
    const browser = await launchWithExtension({ ...env, installHost: false });
    try {
      expect(await waitForValue(() => browser.badgeText(), '!', 10_000)).toBe('!');
      const popup = await browser.openPopup();
      await expect.poll(() => popup.locator('main').textContent(), { timeout: 5_000 }).toContain('mailbadge-host install');
    } finally {
      await browser.close();
      await env.remove();
    }
  });
});
