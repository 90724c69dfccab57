// The whole product in Firefox: real Dovecot → real native host → the built Firefox extension in firefox-esr.
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../lib/extension-identity';
import { waitForValue } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { launchFirefoxWithExtension, type FirefoxExtension } from '../support/firefox';
import { addDovecotAccount, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';

interface NotificationCall {
  options: Record<string, unknown>;
  created?: string;
  error?: string;
}

/** What the test reaches from an extension page: the page's own API and, through it, the background page's. */
interface BackgroundAccess {
  browser: {
    runtime: { getBackgroundPage(): Promise<unknown> };
    notifications: { create(id: string, options: Record<string, unknown>): Promise<string> };
  };
}

const IDLE_TIMEOUT_MS = 1_000;

/** Host processes Firefox started for this config dir: argv is [manifest path, add-on id]. */
function firefoxHosts(configDir: string): string[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
      return cmdline.some((arg) => arg.endsWith('mailbadge-host.mjs')) && cmdline.includes(GECKO_ID) && environ.includes(`MAILBADGE_CONFIG_DIR=${configDir}\0`);
    } catch {
      return false; // the process ended while we looked
    }
  });
}

const SUBJECTS = ['Quarterly report draft', 'Lunch on Friday?', 'Your parcel is on its way'];

describe('Mailbadge in Firefox', () => {
  let server: DovecotServer;
  let firefox: FirefoxExtension | undefined;
  let popup: Page;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  const uids = new Map<string, number>();

  /** Unseen UIDs as the server has them, read by a separate IMAP client (not through the host). */
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

  const subjects = () => popup.evaluate(() => [...document.querySelectorAll('.message .message__subject')].map((el) => el.textContent));

  beforeAll(async () => {
    server = await startDovecot();
    env = await makeConfigDir();
    for (const [i, subject] of SUBJECTS.entries()) {
      const uid = await server.append('alice', 'INBOX', buildMessage({ subject, date: new Date(Date.now() - (30 - i * 10) * 60_000) }));
      uids.set(subject, uid!);
    }
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Read already' }), ['\\Seen']);
    await addDovecotAccount(env, server, { name: 'Demo' });
    // Firefox's background is an event page that it stops when idle: a 1 s timeout (default 30 s) shows it at once.
    firefox = await launchFirefoxWithExtension({ ...env, idleTimeoutMs: IDLE_TIMEOUT_MS });
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.stop();
    await env?.remove();
  });

  it('badge counts the three unseen messages on the server', async () => {
    expect(await waitForValue(() => firefox!.badgeText(), '3', 20_000)).toBe('3');
  });

  it('popup lists the previews, newest first', async () => {
    popup = await firefox!.openPage('popup.html');
    await expect.poll(subjects, { timeout: 10_000 }).toEqual([...SUBJECTS].reverse().map((s) => `Unread: ${s}`));
  });

  it('mark read clears one message on the server and drops the badge', async () => {
    await popup.click('button[aria-label="Mark as read: Lunch on Friday?"]');
    expect(await waitForValue(() => firefox!.badgeText(), '2', 5_000)).toBe('2');
    const left = [uids.get('Quarterly report draft')!, uids.get('Your parcel is on its way')!].sort((a, b) => a - b);
    await expect.poll(serverUnseenUids, { timeout: 5_000 }).toEqual(left);
  });

  it('keeps the event page and its host running while idle, as the open native port asks', async () => {
    const [host] = firefoxHosts(env.configDir);
    expect(host).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 4 * IDLE_TIMEOUT_MS));
    expect(firefoxHosts(env.configDir)).toEqual([host]);
  });

  it('a new message raises the count and shows a notification without the buttons Firefox refuses', async () => {
    // Record what the background asks of notifications.create, and whether Firefox accepted it.
    await popup.evaluate(async () => {
      const background = (await (globalThis as unknown as BackgroundAccess).browser.runtime.getBackgroundPage()) as unknown as BackgroundAccess;
      const notifications = background.browser.notifications;
      const create = notifications.create.bind(notifications);
      const calls: NotificationCall[] = [];
      (globalThis as { notificationCalls?: NotificationCall[] }).notificationCalls = calls;
      notifications.create = async (id, options) => {
        try {
          const created = await create(id, options);
          calls.push({ options, created });
          return created;
        } catch (error) {
          calls.push({ options, error: String(error) });
          throw error;
        }
      };
    });
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Fresh news', from: 'Dana Dunn <dana@example.test>' }));
    expect(await waitForValue(() => firefox!.badgeText(), '3', 10_000)).toBe('3');
    await expect.poll(subjects, { timeout: 5_000 }).toContain('Unread: Fresh news');
    const calls = () => popup.evaluate(() => (globalThis as { notificationCalls?: NotificationCall[] }).notificationCalls ?? []);
    await expect.poll(calls, { timeout: 5_000 }).toHaveLength(1);
    const [call] = await calls();
    expect(call).toMatchObject({ created: expect.any(String), options: { title: 'Dana Dunn', message: expect.stringContaining('Fresh news') } });
    expect(call!.options).not.toHaveProperty('buttons');
  });
});

describe('Firefox without the native host', () => {
  it('says the helper is not installed, with the command to install it', async () => {
    const env = await makeConfigDir();
    const firefox = await launchFirefoxWithExtension({ ...env, installHost: false });
    try {
      expect(await waitForValue(() => firefox.badgeText(), '!', 15_000)).toBe('!');
      const popup = await firefox.openPage('popup.html');
      await expect.poll(() => popup.evaluate(() => document.querySelector('main')?.textContent ?? ''), { timeout: 5_000 }).toContain('mailbadge-host install');
    } finally {
      await firefox.close();
      await env.remove();
    }
  });
});
