// Dealing with mail from the popup, for real: Dovecot → host → built extension in Chromium. Archive removes the
// message on the server and the badge drops, undo brings it back to INBOX, save as .eml writes the server's bytes;
// real-world shapes (a 300-character subject, a right-to-left override, two accounts) stay readable.
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { ARTIFACTS_DIR } from '../support/paths';

declare const chrome: {
  downloads: { search(query: object): Promise<{ id: number; filename: string; state: string; error?: string }[]> };
};

const LONG_SUBJECT = `Invoice${'X'.repeat(293)}`;
/** A right-to-left override (the host strips it) and Hebrew, which must not turn the row around. */
const RTL_SENDER = 'Mallory \u202Egnp.exe';
const HEBREW_SENDER = 'מרים כהן';
const ARABIC_SUBJECT = 'فاتورة رقم 123 for March';
const ALICE = [
  { subject: 'Quarterly report draft', from: 'Ann Archer <ann@example.test>', minutesAgo: 40 },
  { subject: LONG_SUBJECT, from: 'Billing Department of a Very Long Company Name International Holdings Limited <billing@example.test>', minutesAgo: 30 },
  { subject: 'Your parcel is on its way', from: `${RTL_SENDER} <mallory@example.test>`, minutesAgo: 20 },
  { subject: 'Lunch on Friday?', from: 'Ben Baker <ben@example.test>', minutesAgo: 10 },
  { subject: ARABIC_SUBJECT, from: `${HEBREW_SENDER} <miriam@example.test>`, minutesAgo: 50 },
];
const BOB_MESSAGES = 8;

describe('mail actions in Chromium', () => {
  let server: DovecotServer;
  let browser: ExtensionBrowser | undefined;
  let popup: Page;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  const uids = new Map<string, number>();

  /** Subjects and flags of a folder as a separate IMAP client sees it. */
  async function serverFolder(folder: string): Promise<Map<string, { uid: number; flags: string[] }>> {
    const client = await server.connect('alice');
    try {
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        const found = new Map<string, { uid: number; flags: string[] }>();
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
            found.set(m.envelope?.subject ?? '', { uid: m.uid, flags: [...(m.flags ?? [])].filter((f) => f !== '\\Recent') });
          }
        }
        return found;
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  async function serverSource(uid: number): Promise<Buffer> {
    const client = await server.connect('alice');
    try {
      const lock = await client.getMailboxLock('INBOX', { readOnly: true });
      try {
        const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
        return message ? message.source! : Buffer.alloc(0);
      } finally {
        lock.release();
      }
    } finally {
      await client.logout();
    }
  }

  const row = (subject: string) => popup.locator('li.message', { has: popup.locator('.message__subject', { hasText: subject }) });

  beforeAll(async () => {
    server = await startDovecot({
      users: [{ user: 'alice', password: 'alice-secret' }, { user: 'bob', password: 'bob-secret' }],
      specialFolders: { Drafts: 'Drafts', Sent: 'Sent', Trash: 'Trash', Junk: 'Junk', Archive: 'Archive' },
    });
    env = await makeConfigDir();
    for (const message of ALICE) {
      const date = new Date(Date.now() - message.minutesAgo * 60_000);
      uids.set(message.subject, (await server.append('alice', 'INBOX', buildMessage({ subject: message.subject, from: message.from, date })))!);
    }
    for (let i = 1; i <= BOB_MESSAGES; i++) {
      await server.append('bob', 'INBOX', buildMessage({ subject: `Newsletter ${i}`, from: 'Lists <lists@example.test>', date: new Date(Date.now() - i * 3_600_000) }));
    }
    await addDovecotAccount(env, server, { name: 'Demo' });
    await addDovecotAccount(env, server, { name: 'Work', user: 'bob' });
    browser = await launchWithExtension(env);
    expect(await waitForValue(() => browser!.badgeText(), String(ALICE.length + BOB_MESSAGES), 15_000)).toBe(String(ALICE.length + BOB_MESSAGES));
    popup = await browser.openPopup();
    await popup.setViewportSize({ width: 400, height: 600 });
    expect(await waitForValue(() => popup.locator('li.message').count(), ALICE.length + BOB_MESSAGES, 10_000)).toBe(ALICE.length + BOB_MESSAGES);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await env?.remove();
  });

  it('clamps a 300-character subject to two lines, sender to one, keeps the full text in the tooltip, and nothing scrolls sideways', async () => {
    const long = row(LONG_SUBJECT);
    const shape = await long.evaluate((li) => {
      const subject = li.querySelector<HTMLElement>('.message__subject')!;
      const from = li.querySelector<HTMLElement>('.message__from')!;
      const lineHeight = parseFloat(getComputedStyle(subject).lineHeight);
      return {
        subjectLines: subject.getBoundingClientRect().height / lineHeight,
        subjectClipped: subject.scrollHeight > subject.clientHeight,
        fromLines: from.getBoundingClientRect().height / parseFloat(getComputedStyle(from).lineHeight),
        fromClipped: from.scrollWidth > from.clientWidth,
        title: subject.title,
        sideways: document.documentElement.scrollWidth > window.innerWidth,
      };
    });
    expect(shape.subjectLines).toBeLessThanOrEqual(2.05);
    expect(shape.subjectClipped).toBe(true);
    expect(shape.fromLines).toBeLessThanOrEqual(1.05);
    expect(shape.fromClipped).toBe(true);
    expect(shape.title).toBe(LONG_SUBJECT);
    expect(shape.sideways).toBe(false);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-long-subject.png') });
  });

  it('isolates right-to-left text: an override never arrives, and Hebrew or Arabic turns only its own text around', async () => {
    const positions = (subject: string) =>
      row(subject).evaluate((li) => {
        const box = (selector: string) => li.querySelector(selector)!.getBoundingClientRect();
        const style = (selector: string) => getComputedStyle(li.querySelector(selector)!).direction;
        return {
          whenAtEnd: Math.abs(box('.message__when').right - box('.message__line').right) < 1,
          fromAtStart: Math.abs(box('.message__from').left - box('.message__line').left) < 1,
          fromDirection: style('.message__from'),
          subjectDirection: style('.message__subject'),
          rowDirection: getComputedStyle(li).direction,
        };
      });
    // The host drops bidi controls from what it sends: the override is gone, the text stays.
    expect(await row('Your parcel is on its way').locator('.message__from').textContent()).toBe('Mallory gnp.exe');
    expect(await positions('Your parcel is on its way')).toEqual({ whenAtEnd: true, fromAtStart: true, fromDirection: 'ltr', subjectDirection: 'ltr', rowDirection: 'ltr' });
    expect(await positions(ARABIC_SUBJECT)).toEqual({ whenAtEnd: true, fromAtStart: true, fromDirection: 'rtl', subjectDirection: 'rtl', rowDirection: 'ltr' });
  });

  it('keeps each account\'s head in view while its list scrolls, and an account collapsed stays collapsed', async () => {
    const work = popup.getByRole('article', { name: 'Work' });
    await work.evaluate((article) => window.scrollTo(0, article.getBoundingClientRect().top + window.scrollY + 120));
    const heads = await work.evaluate((article) => ({
      article: article.getBoundingClientRect().top,
      head: article.querySelector('.account__head')!.getBoundingClientRect().top,
    }));
    expect(heads.article).toBeLessThan(-50);
    expect(heads.head).toBeGreaterThanOrEqual(-1);
    expect(heads.head).toBeLessThanOrEqual(1);
    await popup.evaluate(() => window.scrollTo(0, 0));

    await work.getByRole('button', { name: 'Work' }).click();
    await expect.poll(() => work.locator('li.message').first().isVisible()).toBe(false);
    await popup.reload();
    const again = popup.getByRole('article', { name: 'Work' });
    await expect.poll(() => again.getByRole('button', { name: 'Work' }).getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('false');
    expect(await popup.getByRole('article', { name: 'Demo' }).getByRole('button', { name: 'Demo' }).getAttribute('aria-expanded')).toBe('true');
    await again.getByRole('button', { name: 'Work' }).click();
    await expect.poll(() => again.getByRole('button', { name: 'Work' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('archives by keyboard: gone from INBOX and in Archive on the server, the badge drops, the rows below stay put', async () => {
    await expect.poll(() => popup.locator('li.message').count(), { timeout: 5_000 }).toBe(ALICE.length + BOB_MESSAGES);
    const subject = 'Your parcel is on its way';
    const below = row('Quarterly report draft');
    const yBefore = (await below.boundingBox())!.y;
    await row(subject).focus();
    const before = Number(await browser!.badgeText());
    await popup.keyboard.press('e');
    expect(await waitForValue(() => browser!.badgeText(), String(before - 1), 5_000)).toBe(String(before - 1));
    await expect.poll(async () => (await serverFolder('Archive')).has(subject), { timeout: 5_000 }).toBe(true);
    expect((await serverFolder('INBOX')).has(subject)).toBe(false);
    await expect.poll(() => popup.getByText('Archived.').isVisible()).toBe(true);
    expect((await below.boundingBox())!.y).toBe(yBefore);
    // Focus went on to the next message, so "e" again would archive that one.
    expect(await popup.evaluate(() => document.activeElement?.classList.contains('message'))).toBe(true);
  });

  it('undo puts the archived message back in INBOX, unread, and the badge back up', async () => {
    const subject = 'Your parcel is on its way';
    const before = Number(await browser!.badgeText());
    await popup.keyboard.press('u');
    await expect.poll(async () => (await serverFolder('INBOX')).get(subject)?.flags, { timeout: 5_000 }).toEqual([]);
    expect((await serverFolder('Archive')).has(subject)).toBe(false);
    expect(await waitForValue(() => browser!.badgeText(), String(before + 1), 5_000)).toBe(String(before + 1));
    await expect.poll(() => row(subject).count(), { timeout: 5_000 }).toBe(1);
  });

  it('saves a message as .eml: the downloaded file holds the server\'s bytes, and the message stays unread', async () => {
    // Over one chunk (576 KiB), so the file is joined from two frames.
    const body = Array.from({ length: 9000 }, (_, i) => `Line ${i} of a long report: ${'·'.repeat(40)}`).join('\n');
    const uid = (await server.append('alice', 'INBOX', buildMessage({ subject: 'Big report: Q3/Q4', from: 'Ann Archer <ann@example.test>', body })))!;
    await expect.poll(() => row('Big report: Q3/Q4').count(), { timeout: 10_000 }).toBe(1);
    await row('Big report: Q3/Q4').hover();
    await popup.getByRole('button', { name: 'Save as .eml: Big report: Q3/Q4' }).click();
    const done = await (async () => {
      for (let i = 0; i < 100; i++) {
        const items = await browser!.worker.evaluate(() => chrome.downloads.search({}));
        const item = items.find((d) => d.state === 'complete' || d.state === 'interrupted');
        if (item) return item;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('no download finished');
    })();
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('complete');
    const source = await serverSource(uid);
    expect(source.length).toBeGreaterThan(576 * 1024);
    expect((await readFile(done.filename)).equals(source)).toBe(true);
    expect((await serverFolder('INBOX')).get('Big report: Q3/Q4')?.flags).toEqual([]);
  });

  it('saves screenshots with a message\'s actions showing, light and dark', async () => {
    await popup.evaluate(() => window.scrollTo(0, 0));
    await row('Lunch on Friday?').getByRole('button', { name: 'Star: Lunch on Friday?' }).click();
    await expect.poll(async () => (await serverFolder('INBOX')).get('Lunch on Friday?')?.flags, { timeout: 5_000 }).toEqual(['\\Flagged']);
    // One message's actions showing, as a keyboard user sees them (focus ring included); the mouse out of the way.
    await popup.mouse.move(0, 0);
    await row('Your parcel is on its way').focus();
    await popup.keyboard.press('ArrowDown');
    expect(await popup.evaluate(() => document.activeElement?.matches('li.message:focus-visible'))).toBe(true);
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-actions-light.png') });
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(32, 33, 36)');
    await popup.screenshot({ path: join(ARTIFACTS_DIR, 'popup-actions-dark.png') });
    await popup.emulateMedia({ colorScheme: 'light' });
  });
});
