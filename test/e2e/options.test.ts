// Adding an account through the options page: real Dovecot → real host → built extension in real Chromium.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';
import { ARTIFACTS_DIR } from '../support/paths';

interface ListedAccount {
  name: string;
  folders: string[];
  trustFingerprint?: string;
}

describe('options page in Chromium', () => {
  let server: DovecotServer;
  let browser: ExtensionBrowser | undefined;
  let env: Awaited<ReturnType<typeof makeConfigDir>>;
  let page: Page;

  const listAccounts = async (): Promise<ListedAccount[]> => {
    const result = await runHost(env, ['accounts', 'list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as ListedAccount[];
  };

  beforeAll(async () => {
    server = await startDovecot();
    env = await makeConfigDir(); // empty: no account yet
    await server.createFolder('alice', 'Lists');
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Unread one' }));
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Unread two' }));
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Read already' }), ['\\Seen']);
    await server.append('alice', 'Lists', buildMessage({ subject: 'List digest' }));
    browser = await launchWithExtension(env);
    page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await env?.remove();
  });

  it('starts with no account', async () => {
    await expect.poll(() => page.getByTestId('no-accounts').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await listAccounts()).toEqual([]);
  });

  it('shows the untrusted certificate with the server fingerprint, and connects after "Trust this certificate"', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.locator('#account-email').fill('alice@example.test');
    expect(await page.locator('#account-host').inputValue()).toBe('imap.example.test'); // the guess, before we correct it
    await page.locator('#account-password').fill('alice-secret');
    await page.locator('#account-host').fill('127.0.0.1');
    await page.locator('#account-port').fill(String(server.imapsPort));
    await page.locator('#account-security').selectOption('tls');
    await page.locator('#account-user').fill('alice'); // Dovecot's user name is not the address
    await page.getByRole('button', { name: 'Test connection' }).click();

    const fingerprint = page.getByTestId('fingerprint');
    await fingerprint.waitFor({ timeout: 15_000 });
    expect((await fingerprint.textContent())?.trim()).toBe(server.certFingerprint256);
    expect(await page.getByRole('alert').textContent()).toContain('not trusted');

    await page.getByRole('button', { name: 'Trust this certificate' }).click();
    await page.getByTestId('folder-picker').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('test-status').textContent()).toMatch(/Connected\. The server has \d+ folders\./);
    expect(await page.getByRole('checkbox', { name: 'INBOX' }).isChecked()).toBe(true);
    await page.getByRole('checkbox', { name: 'Lists' }).check();
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'options.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'options-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('saves the account: the badge counts INBOX and Lists, and the host stores folders and the pinned certificate', async () => {
    await page.getByRole('button', { name: 'Save account' }).click();
    const item = page.getByTestId('account-item');
    await item.waitFor({ timeout: 10_000 });
    expect(await item.textContent()).toContain('alice@example.test');
    expect(await waitForValue(() => browser!.badgeText(), '3', 15_000)).toBe('3');

    const accounts = await listAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ name: 'alice@example.test', folders: ['INBOX', 'Lists'], trustFingerprint: server.certFingerprint256 });
  });

  it('removes the account after confirmation', async () => {
    await page.getByRole('button', { name: 'Remove alice@example.test' }).click();
    await page.getByRole('button', { name: 'Yes, remove' }).click();
    await expect.poll(() => page.getByTestId('no-accounts').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await listAccounts()).toEqual([]);
  });
});
