// Acceptance: the helper installed as a user would — only its .tgz, an empty npm prefix, a fresh home with a real
// keychain — registered with `mailbadge-host install`, drives the badge in real Chromium; `uninstall --purge` leaves nothing.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { KEYCHAIN_SERVICE } from '../../native-host/secrets/keychain-secret-store';
import { launchChromium, waitForValue, type ExtensionBrowser } from '../support/chromium';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { hostProcesses } from '../support/host';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { buildMessage } from '../support/mail';
import { REPO_ROOT, RELEASE_DIR } from '../support/paths';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('the helper installed from its package alone', () => {
  let server: DovecotServer;
  let keyring: PrivateKeyring;
  let work: string;
  let env: NodeJS.ProcessEnv;
  let browser: ExtensionBrowser | undefined;
  let prefix: string;
  let configDir: string;
  let manifest: string;
  let launcher: string;

  /** Runs a program with the user's environment only (nothing of the repo's), optionally feeding stdin. */
  function run(program: string, args: string[], stdin = '', cwd = work): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }
  const helper = (...args: string[]) => run(join(prefix, 'bin', 'mailbadge-host'), args);
  const helperWithInput = (stdin: string, ...args: string[]) => run(join(prefix, 'bin', 'mailbadge-host'), args, stdin);

  function keychainHas(account: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      execFile('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account], { env }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout.length > 0);
        // secret-tool exits 1 with no output when nothing matches.
        if (error.code === 1 && !stderr) return resolve(false);
        reject(new Error(`secret-tool lookup failed: ${stderr}`));
      });
    });
  }

  beforeAll(async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const tarball = join(RELEASE_DIR, `mailbadge-host-${version}.tgz`);
    [server, keyring, work] = await Promise.all([startDovecot(), startKeyring(), mkdtemp(join(tmpdir(), 'mailbadge-user-'))]);
    await server.append('alice', 'INBOX', buildMessage({ subject: 'One' }));
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Two' }));
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Three' }));

    // Only the tarball, in an empty folder, as a user downloads it.
    copyFileSync(tarball, join(work, basename(tarball)));
    prefix = join(work, 'npm-prefix');
    env = {
      // Node and the system's tools; nothing of the repo (no node_modules/.bin, no MAILBADGE_* variables).
      PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
      ...keyring.env,
      LANG: 'C.UTF-8',
      // The machine's npm cache (filled by `npm ci`) spares the registry; the throwaway home has none.
      npm_config_cache: execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(),
    };
    configDir = join(keyring.env.XDG_CONFIG_HOME, 'mailbadge');
    manifest = join(keyring.env.XDG_CONFIG_HOME, 'chromium', 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`);
    launcher = join(configDir, 'mailbadge-host');
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), keyring?.stop()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('installs from the tarball into an empty npm prefix, with only the keyring binding beside the bundle', async () => {
    expect(readdirSync(work)).toEqual([expect.stringMatching(/^mailbadge-host-.+\.tgz$/)]);
    const tarball = readdirSync(work)[0]!;
    const installed = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`]);
    expect(installed.stderr).not.toMatch(/ERR!/);
    expect(installed.code).toBe(0);
    const packageDir = join(prefix, 'lib', 'node_modules', 'mailbadge-host');
    expect(readdirSync(packageDir).sort()).toEqual(['README.md', 'chunks', 'mailbadge-host.mjs', 'node_modules', 'package.json']);
    expect(readdirSync(join(packageDir, 'chunks')).every((name) => name.endsWith('.mjs'))).toBe(true);
    expect(readdirSync(join(packageDir, 'node_modules'))).toEqual(['@napi-rs']);
    expect((await helper('version')).stdout.trim()).toBe(JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version);
  });

  it('`install --browser chromium` writes the manifest where Chromium looks and a launcher that pins this Node.js', async () => {
    const installed = await helper('install', '--browser', 'chromium');
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(JSON.parse(readFileSync(manifest, 'utf8'))).toMatchObject({ name: NATIVE_HOST_NAME, path: launcher, type: 'stdio' });
    const script = readFileSync(launcher, 'utf8');
    expect(script).toContain(`exec "${process.execPath}" `);
    expect(script).toContain(`"${join(prefix, 'lib', 'node_modules', 'mailbadge-host', 'mailbadge-host.mjs')}" "$@"`);
  });

  it('keeps the account password in the OS keychain, and doctor finds nothing to fix', async () => {
    const user = server.users[0]!;
    const pin = server.certFingerprint256;
    const added = await helperWithInput(
      user.password,
      'accounts', 'add', '--name', 'Demo', '--host', server.host, '--port', String(server.imapsPort), '--security', 'tls',
      '--user', user.user, '--trust-fingerprint', pin, '--password-stdin',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(await keychainHas('Demo')).toBe(true);
    expect(existsSync(join(configDir, 'secrets.json'))).toBe(false);

    const doctor = await helper('doctor');
    expect(doctor.stdout).toMatch(/^ok {4}chromium manifest: /m);
    expect(doctor.stdout).toMatch(/^ok {4}launcher: /m);
    expect(doctor.stdout).toMatch(/^ok {4}Node\.js: /m);
    expect(doctor.stdout).toMatch(/^ok {4}passwords: the OS keychain answers$/m);
    expect(doctor.stdout).toMatch(/^ok {4}account Demo: .* logs in$/m);
    expect(doctor.code).toBe(0);
  });

  it('drives the badge in real Chromium: the host Chromium starts is the installed one', async () => {
    // The default profile folder, so Chromium reads the manifest `install` wrote for it.
    browser = await launchChromium({ profileDir: dirname(dirname(manifest)), environment: env });
    expect(await waitForValue(() => browser!.badgeText(), '3', 20_000)).toBe('3');
    await server.append('alice', 'INBOX', buildMessage({ subject: 'Four' }));
    expect(await waitForValue(() => browser!.badgeText(), '4', 10_000)).toBe('4');
    const [pid] = hostProcesses(configDir);
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain(join(prefix, 'lib', 'node_modules', 'mailbadge-host', 'mailbadge-host.mjs'));
    await browser.close();
    browser = undefined;
  });

  it('doctor names a broken launcher and how to fix it, with a non-zero exit', async () => {
    // The keychain check below needs the private keyring still running: say so if it is not, rather than a bare exit code.
    expect(keyring.whyGone()).toBeUndefined();
    await chmod(launcher, 0o644);
    const broken = await helper('doctor', '--json');
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as { healthy: boolean; checks: { subject: string; status: string; detail: string }[] };
    expect(report.healthy).toBe(false);
    expect(report.checks).toContainEqual({ subject: 'launcher', status: 'fail', detail: `${launcher} is not executable: run \`mailbadge-host install\`` });
    expect((await helper('install', '--browser', 'chromium')).code).toBe(0);
    expect((await helper('doctor')).code).toBe(0);
  });

  it('`uninstall --purge` names what it removes and leaves no manifest, launcher, config or keychain entry', async () => {
    expect(keyring.whyGone()).toBeUndefined();
    const purged = await helper('uninstall', '--purge');
    expect(purged.code).toBe(0);
    expect(purged.stdout).toContain(`Removing the keychain entry "${KEYCHAIN_SERVICE}" / "Demo"`);
    expect(purged.stdout).toContain(`Removing the settings of 1 account(s) (Demo): ${join(configDir, 'config.json')}`);
    expect(existsSync(manifest)).toBe(false);
    expect(existsSync(launcher)).toBe(false);
    expect(existsSync(configDir)).toBe(false);
    expect(await keychainHas('Demo')).toBe(false);
  });
});
