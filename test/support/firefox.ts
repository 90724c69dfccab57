// Loads the built Firefox extension into Debian's firefox-esr (puppeteer-core over WebDriver BiDi) with the real
// native host registered where Firefox looks for it: the test's own $HOME/.mozilla/native-messaging-hosts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../../lib/extension-identity';
import { hostEnvironment, runHostWithEnvironment, type HostEnv } from './host';
import { FIREFOX_EXTENSION_DIR } from './paths';

export const FIREFOX_PATH = process.env.MAILBADGE_FIREFOX ?? '/usr/bin/firefox-esr';

/** A fixed internal UUID (pref extensions.webextensions.uuids) so the test knows the moz-extension:// origin. */
const EXTENSION_UUID = '6d0f5a3e-8c1b-4f2a-9e47-3b5c2d1a0f99';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export interface FirefoxExtension {
  browser: Browser;
  home: string;
  /** Opens an extension page in a new tab and waits until its scripts run. */
  openPage(path?: string): Promise<Page>;
  /** The toolbar badge, read through an extension page (BiDi cannot reach the background script itself). */
  badgeText(): Promise<string>;
  close(): Promise<void>;
}

/** The part of the WebExtension API that `page.evaluate` callbacks call in extension pages. */
export interface PageGlobals {
  browser: { action: { getBadgeText(details: object): Promise<string> } };
}

export interface FirefoxOptions extends HostEnv {
  installHost?: boolean;
  /** Firefox stops an idle event page after this long (default 30 s); a short one shows what a suspension does. */
  idleTimeoutMs?: number;
}

export async function launchFirefoxWithExtension(options: FirefoxOptions): Promise<FirefoxExtension> {
  const home = await mkdtemp(join(tmpdir(), 'mailbadge-firefox-home-'));
  // puppeteer keeps the profile under TMPDIR and removes it on close; a private one leaves nothing behind if it cannot.
  const temp = await mkdtemp(join(tmpdir(), 'mailbadge-firefox-tmp-'));
  // Firefox hands its environment to the host: HOME is where it finds the manifest, the rest is the test's config dir.
  const env: NodeJS.ProcessEnv = { ...hostEnvironment(options), HOME: home, TMPDIR: temp };
  delete env.XDG_CONFIG_HOME;
  const cleanUp = () => Promise.all([rm(home, { recursive: true, force: true }), rm(temp, { recursive: true, force: true })]);
  try {
    if (options.installHost !== false) {
      const installed = await runHostWithEnvironment(env, ['install', '--browser', 'firefox']);
      if (installed.code !== 0) throw new Error(`host install failed: ${installed.stderr}`);
    }
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      // Lets the test open moz-extension:// pages; without it BiDi refuses the navigation.
      args: ['--remote-allow-system-access'],
      env: env as Record<string, string>,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
        ...(options.idleTimeoutMs ? { 'extensions.background.idle.timeout': options.idleTimeoutMs } : {}),
      },
    });
    await browser.installExtension(FIREFOX_EXTENSION_DIR); // a temporary add-on: unsigned is fine
    let control: Page | undefined;
    const openPage = async (path = 'popup.html') => {
      const page = await browser.newPage();
      // BiDi hides extension-page navigations, so goto never resolves; the page's scripts run all the same.
      await page.goto(`${EXTENSION_ORIGIN}/${path}`, { timeout: 1 }).catch(() => undefined);
      // While about:blank gives way to the extension page, an evaluation can hit the old context: ask again.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const ready = await page.evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete').catch(() => false);
        if (ready) return page;
        if (Date.now() > deadline) throw new Error(`${EXTENSION_ORIGIN}/${path} did not load within 15 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    return {
      browser,
      home,
      openPage,
      async badgeText() {
        control ??= await openPage();
        return control.evaluate(() => (globalThis as unknown as PageGlobals).browser.action.getBadgeText({}));
      },
      async close() {
        await browser.close().catch(() => undefined);
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
