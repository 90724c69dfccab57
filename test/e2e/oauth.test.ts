// "Sign in with Microsoft" in real Chromium: options page → the host's sign-in tab at the test authorization server
// (Microsoft's entry pointed there by providers.json) → the host's loopback → account saved, badge counting; then
// short-lived tokens refreshed with no reconnect, a revoked grant shown as "sign in again" after one refused refresh,
// and nothing the browser profile or the helper wrote holding a code or a token.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { writeProviders } from '../support/oauth-host';
import { startOAuthServer, type MockOAuthServer } from '../support/oauth-server';

/** Short enough that the test sees several refreshes, long enough for a loaded machine to log in with each token. */
const TOKEN_LIFETIME_S = 8;

let oauth: MockOAuthServer;
let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let browser: ExtensionBrowser | undefined;
let page: Page;

const logins = async () => ((await readFile(server.logPath, 'utf8')).match(/imap-login: Login: user=<alice>/g) ?? []).length;

beforeAll(async () => {
  oauth = await startOAuthServer();
  oauth.setAccessTokenLifetime(TOKEN_LIFETIME_S);
  server = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl } });
  env = await makeConfigDir();
  // As a company would replace the built-in entry with its own app: same name, its own endpoints.
  await writeProviders(env, oauth, server, ['microsoft'], { label: 'Microsoft', domains: ['outlook.com'], responseMode: 'form_post' });
  await server.append('alice', 'INBOX', buildMessage({ subject: 'One' }));
  await server.append('alice', 'INBOX', buildMessage({ subject: 'Two' }));
  browser = await launchWithExtension(env);
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await oauth?.stop();
  await env?.remove();
});

describe('Sign in with Microsoft in Chromium', () => {
  it('signs in through a tab the extension opens and closes, and saves the account: the badge counts its mail', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.locator('#account-email').fill('alice@outlook.com');
    const signIn = page.getByRole('button', { name: 'Sign in with Microsoft' });
    await signIn.waitFor({ timeout: 10_000 });
    expect(await page.locator('#account-password').count()).toBe(0); // no password field for this provider
    expect(await page.getByTestId('server-source').textContent()).toBe('Server settings filled in for your provider.');
    expect(await page.locator('#account-port').inputValue()).toBe(String(server.imapsPort));
    await page.locator('#account-user').fill('alice'); // Dovecot's user name is not the address

    const tabOpened = browser!.context.waitForEvent('page');
    await signIn.click();
    const tab = await tabOpened;
    // The new tab starts at the provider's authorization page (it then posts the code on to the helper).
    expect(tab.url()).toContain(`${oauth.url}/authorize?`);
    // The test's self-signed Dovecot: the test connection after the sign-in asks to trust it.
    await page.getByRole('button', { name: 'Trust this certificate' }).click({ timeout: 15_000 });
    await page.getByTestId('folder-picker').waitFor({ timeout: 15_000 });
    expect(tab.isClosed()).toBe(true);
    expect(await page.getByTestId('signed-in').textContent()).toContain('Signed in with Microsoft.');

    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByTestId('account-item').waitFor({ timeout: 10_000 });
    expect(await waitForValue(() => browser!.badgeText(), '2', 15_000)).toBe('2');
  });

  it('refreshes the short-lived access token ahead of expiry on the same session: counts go on, no new login', async () => {
    const loginsBefore = await logins();
    const refreshesBefore = oauth.stats.refreshGrants;
    // Two token lifetimes: at least one refresh must have happened, and the watching session must have stayed.
    await expect.poll(() => oauth.stats.refreshGrants, { timeout: 3 * TOKEN_LIFETIME_S * 1000, interval: 250 }).toBeGreaterThanOrEqual(refreshesBefore + 2);
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Three' }));
    expect(await waitForValue(() => browser!.badgeText(), '3', 10_000)).toBe('3');
    expect(await browser!.badgeColor()).toEqual([26, 115, 232, 255]); // live blue, never offline grey
    expect(await logins()).toBe(loginsBefore);
    expect(oauth.stats.failedRefreshes).toBe(0);
  });

  it('shows "sign in again" once the grant is revoked, after exactly one refused refresh', async () => {
    oauth.revokeUser('alice');
    // The count stays, in red: this account needs the user.
    const RED = '217,48,37,255';
    expect((await browser!.badgeColor()).join()).not.toBe(RED);
    await expect.poll(async () => (await browser!.badgeColor()).join(), { timeout: 3 * TOKEN_LIFETIME_S * 1000, interval: 250 }).toBe(RED);
    const popup = await browser!.openPopup();
    await expect.poll(() => popup.getByRole('button', { name: 'Sign in again' }).count(), { timeout: 5_000 }).toBe(1);
    expect(await popup.locator('main').textContent()).toContain('no longer accepts this account');
    // Opening the popup asked for a refresh; another token lifetime passes: still the one refused refresh.
    await new Promise((resolve) => setTimeout(resolve, TOKEN_LIFETIME_S * 1000));
    expect(oauth.stats.failedRefreshes).toBe(1);
    await popup.close();
  });

  it('leaves no code or token in the browser profile or the helper config, only the refresh token in the secret store', async () => {
    const secrets = oauth.issuedSecrets();
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const stored = await browser!.worker.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<object> }; session: { get(): Promise<object> } } } }).chrome;
      return JSON.stringify([await api.storage.local.get(), await api.storage.session.get()]);
    });
    // Closing the browser makes it write out everything it keeps: history, session restore, caches.
    await browser!.context.close();
    const profileFiles = await filesUnder(browser!.profileDir);
    const configFiles = (await filesUnder(env.configDir)).filter((file) => !file.endsWith('/secrets.json'));
    expect(profileFiles.length).toBeGreaterThan(20);
    for (const file of [...profileFiles, ...configFiles]) {
      const bytes = await readFile(file).catch(() => Buffer.alloc(0)); // a file Chromium removed meanwhile
      for (const secret of secrets) expect(bytes.includes(secret), `${secret.slice(0, 12)}… in ${file}`).toBe(false);
    }
    for (const secret of secrets) expect(stored.includes(secret)).toBe(false);
    const secretFile = await readFile(join(env.configDir, 'secrets.json'), 'utf8');
    expect(secrets.some((secret) => secretFile.includes(secret))).toBe(true);
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && (await stat(path).catch(() => undefined))?.isFile()) out.push(path);
  }
  return out;
}
