// Loads the built extension into the Debian Chromium with the real native host registered for a fresh profile.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { EXTENSION_ID } from '../../lib/extension-identity';
import { hostEnvironment, runHost, type HostEnv } from './host';
import { EXTENSION_DIR } from './paths';

/** The part of the worker's `chrome` API the tests call inside `worker.evaluate`. */
declare const chrome: {
  action: { getBadgeText(details: object): Promise<string>; getBadgeBackgroundColor(details: object): Promise<number[]> };
};

export const CHROMIUM_PATH = process.env.MAILBADGE_CHROMIUM ?? '/usr/bin/chromium';

/** Flags known to work on these machines (no network but loopback, no GPU, root). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  profileDir: string;
  badgeText(): Promise<string>;
  badgeColor(): Promise<number[]>;
  openPopup(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions extends HostEnv {
  /** Skip registering the host, to see the "not installed" state. */
  installHost?: boolean;
  headless?: boolean;
}

export async function launchWithExtension(options: LaunchOptions): Promise<ExtensionBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'mailbadge-profile-'));
  if (options.installHost !== false) {
    const installed = await runHost(options, ['install', '--browser', 'chromium', '--dir', join(profileDir, 'NativeMessagingHosts')]);
    if (installed.code !== 0) throw new Error(`host install failed: ${installed.stderr}`);
  }
  // The host inherits Chromium's environment: this is how it finds the test's config dir.
  const browser = await launchChromium({ profileDir, environment: hostEnvironment(options), headless: options.headless ?? true });
  return {
    ...browser,
    async close() {
      await browser.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}

export interface ChromiumOptions {
  /** The user data dir; Chromium reads host manifests from its NativeMessagingHosts folder. Left in place on close. */
  profileDir: string;
  /** The whole environment of Chromium and so of the host it starts. */
  environment: NodeJS.ProcessEnv;
  headless?: boolean;
}

/** Chromium with the built extension, for a test that registered the host itself (e.g. an installed helper). */
export async function launchChromium({ profileDir, environment, headless = true }: ChromiumOptions): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    // Playwright's own --headless is the old mode and its defaults disable extensions; we pass our own.
    headless: false,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [...(headless ? ['--headless=new'] : []), ...CHROMIUM_FLAGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
    env: environment as Record<string, string>,
  });
  const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`))
    ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`), timeout: 15_000 }));
  return {
    context,
    worker,
    extensionId: EXTENSION_ID,
    profileDir,
    badgeText: () => worker.evaluate(() => chrome.action.getBadgeText({})),
    badgeColor: () => worker.evaluate(() => chrome.action.getBadgeBackgroundColor({})),
    async openPopup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${EXTENSION_ID}/popup.html`);
      return page;
    },
    async close() {
      await context.close();
    },
  };
}

/** Polls until `read` returns `expected` or the time is up; returns the last value read (for a clear assertion). */
export async function waitForValue<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
