// A distinctive password and an OAuth2 sign-in's tokens go through every flow (CLI, options page, popup, a host
// restart), then every file the host
// and the Chromium profile wrote and every frame on the native port is searched for it: it may appear only in the
// secret store, and on the port only in the requests that carry it to the host (saveAccount, testAccount).
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { recordFigure } from '../support/figures';
import { hostEnvironment, hostProcesses, makeConfigDir, runHost } from '../support/host';
import { buildMessage } from '../support/mail';
import { addOAuthAccount, writeProviders } from '../support/oauth-host';
import { startOAuthServer, type MockOAuthServer } from '../support/oauth-server';
import { readCapture, recordNativePort } from '../support/recording-host';

/** Distinctive enough that no file holds it by chance; every code and token the sign-in server issued joins it. */
const PASSWORD = 'Mb7-QzX-secret-Wk93-distinctive';
const secrets = () => [PASSWORD, ...oauth.issuedSecrets()];
/** The only requests that may carry a secret, and only towards the host. */
const CARRIERS = new Set(['saveAccount', 'testAccount']);

let server: DovecotServer;
let oauth: MockOAuthServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let browser: ExtensionBrowser | undefined;
let root: string;

/** Every file under `dir`, recursively (sockets and other special files left out). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && (await stat(path).catch(() => undefined))?.isFile()) files.push(path);
  }
  return files;
}

/** Files among these that hold a secret, in UTF-8 or UTF-16 (LevelDB, Chromium's stores). */
async function holding(files: string[], kept: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    if (kept.some((secret) => bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(secret, 'utf16le')))) found.push(file);
  }
  return found;
}

beforeAll(async () => {
  oauth = await startOAuthServer();
  server = await startDovecot({ users: [{ user: 'alice', password: PASSWORD }], oauth2: { introspectionUrl: oauth.introspectionUrl } });
  await server.createFolder('alice', 'Lists');
  await server.append('alice', 'INBOX', buildMessage({ subject: 'Unread in INBOX' }));
  await server.append('alice', 'Lists', buildMessage({ subject: 'Unread in Lists' }));
  env = await makeConfigDir();
  await writeProviders(env, oauth, server);
  root = await mkdtemp(join(tmpdir(), 'mailbadge-secrets-'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await oauth?.stop();
  await env?.remove();
  await rm(root, { recursive: true, force: true });
});

describe('secrets', () => {
  it('stay in the secret store through every flow: CLI, a sign-in, options page, popup, host restart', async () => {
    // The command line: add (password on stdin), check, folders, mark-read.
    const cli = (args: string[], input?: string) => runHost(env, args, input);
    const add = await cli(['accounts', 'add', '--name', 'Cli', '--host', server.host, '--port', String(server.imapsPort), '--security', 'tls', '--user', 'alice',
      '--trust-fingerprint', server.certFingerprint256, '--password-stdin'], PASSWORD);
    expect(add.code, add.stderr).toBe(0);
    const outputs = [add, await cli(['check', 'Cli', '--json']), await cli(['folders', 'Cli']), await cli(['mark-read', 'Cli', 'INBOX', '1']), await cli(['mark-unread', 'Cli', 'INBOX', '1']), await cli(['accounts', 'list', '--json'])];
    const wrong = await cli(['accounts', 'add', '--name', 'Wrong', '--host', server.host, '--port', String(server.imapsPort), '--security', 'tls', '--user', 'alice',
      '--trust-fingerprint', server.certFingerprint256, '--password-stdin'], `${PASSWORD}-not`);
    outputs.push(wrong, await cli(['check', 'Wrong']), await cli(['accounts', 'remove', 'Wrong']));
    // An OAuth2 account: its refresh token is stored, its access tokens used by the helper's session.
    const signedIn = await addOAuthAccount(env, ['--name', 'Token', '--oauth', 'testidp', '--user', 'alice', '--trust-fingerprint', server.certFingerprint256]);
    expect(signedIn.code, signedIn.stderr).toBe(0);
    outputs.push(signedIn, await cli(['check', 'Token', '--json']));
    const printed = outputs.map((o) => o.stdout + o.stderr).join('\n');
    for (const secret of secrets()) expect(printed).not.toContain(secret);

    // The browser, with a recorder on its native port.
    const profileDir = join(root, 'profile');
    const captureDir = join(root, 'capture');
    await mkdir(captureDir);
    const manifests = join(profileDir, 'NativeMessagingHosts');
    expect((await runHost(env, ['install', '--browser', 'chromium', '--dir', manifests])).code).toBe(0);
    const recording = await recordNativePort(manifests, captureDir);
    browser = await launchChromium({ profileDir, environment: { ...hostEnvironment(env), ...recording } });

    // The options page: add an account with the password, test it, trust the certificate, save it.
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.locator('#account-email').fill('alice@example.test');
    await page.locator('#account-password').fill(PASSWORD);
    await page.locator('#account-host').fill('127.0.0.1');
    await page.locator('#account-port').fill(String(server.imapsPort));
    await page.locator('#account-security').selectOption('tls');
    await page.locator('#account-user').fill('alice');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('button', { name: 'Trust this certificate' }).click({ timeout: 15_000 });
    await page.getByTestId('folder-picker').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByText('alice@example.test').first().waitFor({ timeout: 10_000 });

    // The popup: previews, then one message marked read.
    expect(await waitForValue(() => browser!.badgeText(), '3', 20_000)).toBe('3'); // INBOX of the three accounts
    const popup = await browser.openPopup();
    await popup.getByRole('button', { name: /^Mark as read: / }).first().click({ timeout: 15_000 });

    // A host killed and restarted by the extension.
    const [host] = hostProcesses(env.configDir);
    expect(host).toBeDefined();
    process.kill(host!, 'SIGKILL');
    await expect.poll(() => hostProcesses(env.configDir).some((pid) => pid !== host), { timeout: 15_000 }).toBe(true);
    await popup.reload();
    await page.close();
    await popup.close();
    await browser.close();
    browser = undefined;
    // The helper ends once the browser has gone (its last writes included): the files are looked at when nothing writes.
    await expect.poll(() => hostProcesses(env.configDir).length, { timeout: 15_000 }).toBe(0);

    // Now look everywhere, for the password and every code and token the sign-in server ever issued.
    const kept = secrets();
    expect(kept.length).toBeGreaterThanOrEqual(4); // the password, a code, a refresh token, access tokens
    const capture = await readCapture(captureDir);
    expect(capture.fromHost.length).toBeGreaterThan(5);
    const fromHost = JSON.stringify(capture.fromHost);
    for (const secret of kept) expect(fromHost.includes(secret), `${secret.slice(0, 8)}… sent to the browser`).toBe(false);
    for (const secret of kept) expect(capture.stderr.includes(secret), `${secret.slice(0, 8)}… in the helper's log`).toBe(false);
    const carriers = capture.toHost.filter((frame) => kept.some((secret) => JSON.stringify(frame).includes(secret))).map((frame) => (frame as { type?: string }).type);
    expect(carriers.length).toBeGreaterThan(0);
    expect(carriers.every((type) => CARRIERS.has(type ?? ''))).toBe(true);
    expect(capture.toHost.some((frame) => oauth.issuedSecrets().some((secret) => JSON.stringify(frame).includes(secret)))).toBe(false);

    const store = join(env.configDir, 'secrets.json');
    const configFiles = await filesUnder(env.configDir);
    expect(configFiles).toContain(store);
    expect(await holding(configFiles, kept)).toEqual([store]);
    const profileFiles = (await filesUnder(profileDir)).filter((file) => !file.startsWith(captureDir));
    expect(profileFiles.length).toBeGreaterThan(20);
    expect(await holding(profileFiles, kept)).toEqual([]);
    recordFigure('secrets', 'files searched', configFiles.length + profileFiles.length);
    recordFigure('secrets', 'frames searched', capture.toHost.length + capture.fromHost.length);
    recordFigure('secrets', 'secrets found outside the store', 0);
  }, 180_000);
});
