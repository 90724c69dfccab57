// The extension side, in the real Chromium with the built extension and the real host: new mail → the worker sets
// the badge (beside a bare NOTIFY client in the same run), a click on "mark read" in the popup → the badge, and the
// popup's first paint from the worker's cache with 5 accounts × 10 previews (bench/popup-paint.ts).
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../../test/support/chromium';
import { addDovecotAccount, makeConfigDir } from '../../test/support/host';
import { buildMessage } from '../../test/support/mail';
import { startBareNotifyClient, type BareStatusEvent } from '../bare-notify-client';
import { findMailRoot, watchIndexLogs } from '../lib/index-logs';
import { ALICE, type Lab } from '../lib/lab';
import { measurePopupPaint } from '../popup-paint';
import { wallClock } from '../lib/meter';
import { waitForQuietLogs } from '../lib/quiet';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { percentile } from '../lib/stats';

/** The part of the worker's `chrome` API patched inside `worker.evaluate` (it runs in the browser, not here). */
declare const chrome: { action: { setBadgeText(details: { text: string }): Promise<void> } };
declare const globalThis: { badgeCalls?: { at: number; text: string }[] };

export interface ExtensionOptions {
  messages: number;
  repeats: number;
  say(line: string): void;
}

export async function runExtension(lab: Lab, rows: RowSink, options: ExtensionOptions): Promise<void> {
  await badgeAndMarkRead(lab, rows, options);
  await popupFirstPaint(lab, rows, options.say);
}

/** Records every setBadgeText call in the worker with a wall-clock stamp (the API call is the last step we can see). */
async function instrumentBadge(browser: ExtensionBrowser): Promise<() => Promise<{ at: number; text: string }[]>> {
  await browser.worker.evaluate(() => {
    const calls: { at: number; text: string }[] = [];
    globalThis.badgeCalls = calls;
    const original = chrome.action.setBadgeText.bind(chrome.action);
    chrome.action.setBadgeText = (details) => {
      calls.push({ at: performance.timeOrigin + performance.now(), text: details.text });
      return original(details);
    };
  });
  return () => browser.worker.evaluate(() => globalThis.badgeCalls ?? []);
}

async function badgeAndMarkRead(lab: Lab, rows: RowSink, options: ExtensionOptions): Promise<void> {
  const env = await makeConfigDir();
  const dropper = await lab.server.connect(ALICE.user);
  let dropperFailure: Error | undefined;
  dropper.on('error', (error: Error) => (dropperFailure ??= error));
  let browser: ExtensionBrowser | undefined;
  const logs = watchIndexLogs(findMailRoot(lab.server.rootDir, ALICE.user));
  try {
    await addDovecotAccount(env, lab.server, { name: 'Bench', user: ALICE.user, folders: WATCHED_FOLDERS });
    const unseen = async () => {
      let sum = 0;
      for (const folder of WATCHED_FOLDERS) {
        const status = await dropper.status(folder, { unseen: true });
        sum += status === false ? 0 : (status.unseen ?? 0);
      }
      return sum;
    };
    let expected = await unseen();
    // The sections before wrote much to this mailbox: rotate its list-index log now, before any NOTIFY session
    // opens, so Dovecot does not rotate it during this short section (that would delay NOTIFY: issue 9).
    await lab.server.forceIndexLogRotation(ALICE.user, 'list');
    browser = await launchWithExtension(env);
    if ((await waitForValue(() => browser!.badgeText(), String(expected), 20_000)) !== String(expected)) throw new Error('the badge never showed the unseen count');
    const badgeCalls = await instrumentBadge(browser);
    const bareEvents: BareStatusEvent[] = [];
    const bare = await startBareNotifyClient({ host: lab.server.host, port: lab.server.imapsPort, ca: lab.server.certPem, user: ALICE.user, password: ALICE.password, folders: WATCHED_FOLDERS, onStatus: (e) => bareEvents.push(e) });
    const toBadge: number[] = [];
    const toBare: number[] = [];
    const overFloor: number[] = [];
    try {
      for (let i = 0; i < options.messages; i++) {
        await waitForQuietLogs(logs, 600, 10_000);
        const folder = WATCHED_FOLDERS[(i * 7) % WATCHED_FOLDERS.length]!;
        await dropper.append(folder, buildMessage({ subject: `Badge ${i}` }));
        const appended = wallClock();
        expected++;
        const deadline = appended + 5_000;
        let badgeAt: number | undefined;
        let bareAt: number | undefined;
        while ((badgeAt === undefined || bareAt === undefined) && wallClock() < deadline) {
          badgeAt ??= (await badgeCalls()).find((c) => c.at >= appended && c.text === String(expected))?.at;
          const event = bareEvents.find((e) => performance.timeOrigin + e.at >= appended && e.path === folder);
          bareAt ??= event ? performance.timeOrigin + event.at : undefined;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        if (dropperFailure) throw dropperFailure;
        if (badgeAt === undefined || bareAt === undefined) continue;
        toBadge.push(badgeAt - appended);
        toBare.push(bareAt - appended);
        overFloor.push(badgeAt - bareAt);
      }
    } finally {
      await bare.close();
    }
    const note = `${toBadge.length} of ${options.messages} messages seen by both`;
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'new mail → badge set, p50', percentile(toBadge, 50), 'ms', note);
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'new mail → badge set, p95', percentile(toBadge, 95), 'ms');
    rows.add('extension', 'bare-notify', 'bare NOTIFY client (same appends)', 'new mail → event, p50', percentile(toBare, 50), 'ms');
    rows.add('extension', 'bare-notify', 'bare NOTIFY client (same appends)', 'new mail → event, p95', percentile(toBare, 95), 'ms');
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'host + worker beyond the floor, p50', percentile(overFloor, 50), 'ms', 'badge set − bare client event, per message');
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'host + worker beyond the floor, p95', percentile(overFloor, 95), 'ms');

    // Mark read from the popup: the worker applies it at once (optimistic) and the host confirms it later.
    const popup = await browser.openPopup();
    // The click's own moment, stamped in the page (Playwright's click first waits for the button to be ready).
    await popup.evaluate(() => document.addEventListener('click', () => ((window as unknown as { clickedAt: number }).clickedAt = performance.timeOrigin + performance.now()), true));
    const clickToBadge: number[] = [];
    for (let i = 0; i < options.repeats; i++) {
      const button = popup.locator('.message--unread .message__actions button').first();
      await button.waitFor({ timeout: 10_000 });
      await button.click();
      const clicked = await popup.evaluate(() => (window as unknown as { clickedAt: number }).clickedAt);
      expected--;
      const shown = await waitForBadgeCall(badgeCalls, clicked, String(expected));
      if (shown !== undefined) clickToBadge.push(shown - clicked);
    }
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'popup mark read click → badge set, p50', percentile(clickToBadge, 50), 'ms', `${options.repeats} clicks on different messages; the worker applies it at once, the host confirms it after (see mark-read)`);
    rows.add('extension', 'mailbadge', 'extension in Chromium', 'popup mark read click → badge set, p95', percentile(clickToBadge, 95), 'ms');
  } finally {
    logs.close();
    await browser?.close();
    await dropper.logout().catch(() => dropper.close());
    await env.remove();
  }
}

async function waitForBadgeCall(calls: () => Promise<{ at: number; text: string }[]>, since: number, text: string): Promise<number | undefined> {
  const deadline = wallClock() + 10_000;
  while (wallClock() < deadline) {
    const found = (await calls()).find((c) => c.at >= since && c.text === text);
    if (found) return found.at;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

/** bench/popup-paint.ts: the popup opened again and again from the worker's cache, 5 accounts × 10 previews. */
async function popupFirstPaint(lab: Lab, rows: RowSink, say: (line: string) => void): Promise<void> {
  for (const row of await measurePopupPaint(lab.server, say)) rows.add('extension', 'mailbadge', 'popup in Chromium', row.metric, row.value, row.unit, row.note);
}
