// The popup against the real thing: real Dovecot → real host → built extension in Chromium; flags checked on the server.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { ARTIFACTS_DIR } from '../support/paths';

const MESSAGES = [
  { subject: 'Quarterly report draft', from: 'Ann Archer <ann@example.test>', minutesAgo: 30 },
  { subject: 'Lunch on Friday?', from: 'Ben Baker <ben@example.test>', minutesAgo: 20 },
  { subject: 'Your parcel is on its way', from: 'Cleo Carter <cleo@example.test>', minutesAgo: 10 },
];

describe('popup in Chromium', () => {
  let server: DovecotServer;
  let browser: ExtensionBrowser | undefined;
  let popup: Page;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  /** UIDs by subject, as the server assigned them on APPEND. */
  const uids = new Map<string, number>();

  /** Flags as the server has them, read by a separate IMAP client (not through the host). */
  async function serverSeen(uid: number): Promise<boolean> {
    const client = await server.connect('alice');
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      try {
        const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
        return Boolean(message && message.flags?.has('\\Seen'));
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  async function serverUnseenUids(): Promise<number[]> {
    const client = await server.connect('alice');
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      try {
        return ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  const subjects = () => popup.locator('.message .message__subject').allTextContents();

  beforeAll(async () => {
    server = await startDovecot();
    env = await makeConfigDir();
    for (const message of MESSAGES) {
      const date = new Date(Date.now() - message.minutesAgo * 60_000);
      const uid = await server.append('alice', 'INBOX', buildMessage({ subject: message.subject, from: message.from, date }));
      uids.set(message.subject, uid!);
    }
    await addDovecotAccount(env, server, { name: 'Demo' });
    browser = await launchWithExtension(env);
    expect(await waitForValue(() => browser!.badgeText(), '3', 15_000)).toBe('3');
    popup = await browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await env?.remove();
  });

  it('lists the three unread messages newest first with subject and sender, and saves light and dark screenshots', async () => {
    const newestFirst = [...MESSAGES].reverse();
    await expect.poll(subjects, { timeout: 10_000 }).toEqual(newestFirst.map((m) => `Unread: ${m.subject}`));
    const senders = await popup.locator('.message .message__from').allTextContents();
    expect(senders).toEqual(['Cleo Carter', 'Ben Baker', 'Ann Archer']);
    const card = popup.getByRole('article', { name: 'Demo' });
    expect(await card.getByTestId('account-unseen').textContent()).toBe('3');

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-light.png'), fullPage: true });
    await popup.emulateMedia({ colorScheme: 'dark' });
    const darkBackground = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(darkBackground).toBe('rgb(32, 33, 36)');
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-dark.png'), fullPage: true });
    await popup.emulateMedia({ colorScheme: 'light' });
  });

  it('stays readable at 200 % zoom: nothing is cut off and nothing scrolls sideways', async () => {
    // Chromium grows an extension popup up to 800 px wide; at 200 % the page sees half that in CSS pixels.
    await popup.setViewportSize({ width: 800, height: 1200 });
    await popup.evaluate(() => (document.documentElement.style.zoom = '2'));
    try {
      const overflow = await popup.evaluate(() => ({
        sideways: document.documentElement.scrollWidth > window.innerWidth,
        clipped: [...document.querySelectorAll('main *')]
          .filter((el) => !el.classList.contains('message__snippet') && !el.classList.contains('visually-hidden'))
          .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
          .filter((el) => getComputedStyle(el).overflow !== 'visible')
          .map((el) => el.className),
      }));
      expect(overflow).toEqual({ sideways: false, clipped: [] });
      await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-zoom200.png'), fullPage: true });
    } finally {
      await popup.evaluate(() => (document.documentElement.style.zoom = ''));
      await popup.setViewportSize({ width: 400, height: 600 });
    }
  });

  it('marks one message read by keyboard: the badge drops from 3 to 2 and the server has \\Seen on its UID', async () => {
    const subject = 'Lunch on Friday?';
    const label = `Mark as read: ${subject}`;
    // Reach the button with Tab alone, as a keyboard user would, and check the focus ring is drawn.
    let focused = '';
    for (let presses = 0; presses < 20 && focused !== label; presses++) {
      await popup.keyboard.press('Tab');
      focused = await popup.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    }
    expect(focused).toBe(label);
    expect(await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    const clickedAt = Date.now();
    await popup.keyboard.press('Enter');
    expect(await waitForValue(() => browser!.badgeText(), '2', 5_000)).toBe('2');
    expect(Date.now() - clickedAt).toBeLessThan(5_000);
    await expect.poll(() => serverSeen(uids.get(subject)!), { timeout: 5_000 }).toBe(true);
    expect(await serverSeen(uids.get('Quarterly report draft')!)).toBe(false);
    expect(await popup.getByRole('alert').count()).toBe(0);
  });

  it('marks all read: the badge empties and the server has nothing unseen; Undo makes them unread again', async () => {
    // The previews must show the two remaining unread messages, which is what Undo will restore.
    await expect.poll(() => popup.locator('.message--unread').count(), { timeout: 5_000 }).toBe(2);
    await popup.getByRole('button', { name: 'Mark all read in INBOX' }).click();
    const undo = popup.getByRole('button', { name: 'Undo' });
    await expect.poll(() => undo.isVisible()).toBe(true);
    expect(await waitForValue(() => browser!.badgeText(), '', 3_000)).toBe('');
    await expect.poll(serverUnseenUids, { timeout: 3_000, interval: 100 }).toEqual([]);

    await undo.click();
    const restored = [uids.get('Quarterly report draft')!, uids.get('Your parcel is on its way')!].sort((a, b) => a - b);
    await expect.poll(serverUnseenUids, { timeout: 5_000 }).toEqual(restored);
    expect(await waitForValue(() => browser!.badgeText(), '2', 5_000)).toBe('2');
    await expect.poll(subjects, { timeout: 5_000 }).toEqual(['Unread: Your parcel is on its way', 'Unread: Quarterly report draft']);
  });
});
