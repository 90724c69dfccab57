// Passwords in a real OS keychain (gnome-keyring on a private D-Bus), and the 0600 file where no keychain answers.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../native-host/secrets';
import { FileSecretStore } from '../../native-host/secrets/file-secret-store';
import { KEYCHAIN_SERVICE, KeychainSecretStore } from '../../native-host/secrets/keychain-secret-store';
import { makeConfigDir, runHostWithEnvironment, type HostResult } from '../support/host';
import { startKeyring, type PrivateKeyring } from '../support/keyring';

let keyring: PrivateKeyring;
let config: Awaited<ReturnType<typeof makeConfigDir>>;
const savedBusAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

beforeAll(async () => {
  keyring = await startKeyring();
  // The library connects to the session bus once per process, on first use, and keeps that connection (or that
  // failure): the address must be in place before any keyring call in this process.
  process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
});
afterAll(async () => {
  if (savedBusAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBusAddress;
  await keyring?.stop();
  await config?.remove();
});
beforeEach(async () => {
  await config?.remove();
  config = await makeConfigDir();
});

/** The environment of a process that has the private keyring as its session's Secret Service. */
function withKeyring(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...keyring.env, MAILBADGE_CONFIG_DIR: config.configDir, ...extra };
  if (!('MAILBADGE_SECRETS' in extra)) delete env.MAILBADGE_SECRETS;
  return env;
}

/** A session with no D-Bus at all: no address, and a runtime dir without a `bus` socket to guess. */
function withoutBus(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, MAILBADGE_CONFIG_DIR: config.configDir, XDG_RUNTIME_DIR: config.configDir, ...extra };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  if (!('MAILBADGE_SECRETS' in extra)) delete env.MAILBADGE_SECRETS;
  return env;
}


function addAccount(env: NodeJS.ProcessEnv, name: string, password: string): Promise<HostResult> {
  const args = ['accounts', 'add', '--name', name, '--host', 'imap.example.org', '--security', 'tls', '--user', 'alice', '--password-stdin'];
  return runHostWithEnvironment(env, args, password);
}

/** What the Secret Service holds for an account, read with libsecret's own tool rather than our code. */
function keychainLookup(account: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account], { env: withKeyring(), encoding: 'utf8' }, (error, stdout, stderr) => {
      // secret-tool exits 1 with no output when nothing matches.
      if (error && error.code === 1 && !stderr) return resolve(undefined);
      if (error) return reject(new Error(`secret-tool lookup failed: ${stderr}`));
      resolve(stdout);
    });
  });
}

async function filePasswords(): Promise<Record<string, string> | undefined> {
  try {
    return (JSON.parse(await readFile(join(config.configDir, 'secrets.json'), 'utf8')) as { passwords: Record<string, string> }).passwords;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

describe('keychain availability probe', () => {
  it('finds an unlocked Secret Service on the session bus', async () => {
    expect(await KeychainSecretStore.probe(withKeyring())).toEqual({ available: true });
    expect(await KeychainSecretStore.isAvailable(withKeyring())).toBe(true);
  });

  it('reports no keychain, quickly and with the reason, when there is no session bus', async () => {
    const started = Date.now();
    const probe = await KeychainSecretStore.probe(withoutBus());
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(probe).toMatchObject({ available: false, reason: expect.stringMatching(/DBUS_SESSION_BUS_ADDRESS|D-?Bus/i) });
  });

  describe('with a bus that accepts connections but never answers', () => {
    let silent: Server;
    let socketDir: string;
    beforeAll(async () => {
      socketDir = await mkdtemp(join(tmpdir(), 'mailbadge-silent-bus-'));
      silent = createServer((socket) => socket.on('data', () => undefined));
      await new Promise<void>((resolve) => silent.listen(join(socketDir, 'bus'), resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => silent.close(resolve));
      await rm(socketDir, { recursive: true, force: true });
    });

    it('gives up after about 2 s instead of hanging', async () => {
      const started = Date.now();
      const available = await KeychainSecretStore.isAvailable(withKeyring({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(socketDir, 'bus')}` }));
      expect(available).toBe(false);
      expect(Date.now() - started).toBeLessThan(3_500);
    });
  });
});

describe('KeychainSecretStore in this process', () => {
  const store = new KeychainSecretStore();

  it('has no password for an account never stored, and deleting it is not an error', async () => {
    expect(await store.get('Never stored')).toBeUndefined();
    await expect(store.delete('Never stored')).resolves.toBeUndefined();
  });

  it('stores, reads, replaces and deletes one entry per account under the Mailbadge service', async () => {
    await store.set('Work', 'first-secret');
    await store.set('Home', 'home-secret');
    expect(await store.get('Work')).toBe('first-secret');
    expect(await keychainLookup('Work')).toBe('first-secret');

    await store.set('Work', 'second secret with spaces and ünïcödé');
    expect(await store.get('Work')).toBe('second secret with spaces and ünïcödé');
    expect(await keychainLookup('Work')).toBe('second secret with spaces and ünïcödé');

    await store.delete('Work');
    expect(await store.get('Work')).toBeUndefined();
    expect(await keychainLookup('Work')).toBeUndefined();
    expect(await store.get('Home')).toBe('home-secret');
    await store.delete('Home');
  });

  it('keeps reading a password saved in the file before the keychain appeared, and moves it on the next save', async () => {
    await new FileSecretStore(config.configDir).set('Legacy', 'from-the-file');
    const secrets = await openSecretStore(config.configDir, withKeyring());
    expect(secrets.kind).toBe('keychain');
    expect(await secrets.get('Legacy')).toBe('from-the-file');

    await secrets.set('Legacy', 'now-in-the-keychain');
    expect(await keychainLookup('Legacy')).toBe('now-in-the-keychain');
    expect(await filePasswords()).toEqual({});
    await secrets.delete('Legacy');
  });
});

describe('host command line with a keychain', () => {
  afterEach(async () => {
    // Leave the shared keyring empty for the next test whatever happened.
    for (const account of ['Test', 'Other']) await new KeychainSecretStore().delete(account);
  });

  it('accounts add --password-stdin stores the password in the keychain and not in secrets.json', async () => {
    const result = await addAccount(withKeyring(), 'Test', 'keychain-password-1');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/password stored in the keychain store/);
    expect(result.stdout).not.toContain('keychain-password-1');
    expect(await keychainLookup('Test')).toBe('keychain-password-1');
    expect((await filePasswords())?.Test).toBeUndefined();
  });

  it('MAILBADGE_SECRETS=keychain uses the keychain as well', async () => {
    const result = await addAccount(withKeyring({ MAILBADGE_SECRETS: 'keychain' }), 'Test', 'forced-keychain');
    expect(result.code).toBe(0);
    expect(await keychainLookup('Test')).toBe('forced-keychain');
    expect(await filePasswords()).toBeUndefined();
  });

  it('adding the account again replaces its password', async () => {
    expect((await addAccount(withKeyring(), 'Test', 'old-password')).code).toBe(0);
    const again = await addAccount(withKeyring(), 'Test', 'new-password');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Updated account "Test"/);
    expect(await keychainLookup('Test')).toBe('new-password');
  });

  it('accounts remove deletes the password from the keychain and leaves other accounts alone', async () => {
    expect((await addAccount(withKeyring(), 'Test', 'to-be-removed')).code).toBe(0);
    expect((await addAccount(withKeyring(), 'Other', 'to-be-kept')).code).toBe(0);
    const removed = await runHostWithEnvironment(withKeyring(), ['accounts', 'remove', 'Test']);
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(await keychainLookup('Test')).toBeUndefined();
    expect(await keychainLookup('Other')).toBe('to-be-kept');
  });

  it('MAILBADGE_SECRETS=file keeps the password in the file even when a keychain answers', async () => {
    const result = await addAccount(withKeyring({ MAILBADGE_SECRETS: 'file' }), 'Test', 'file-by-choice');
    expect(result.stdout).toMatch(/password stored in the file store/);
    expect(await keychainLookup('Test')).toBeUndefined();
    expect((await filePasswords())?.Test).toBe('file-by-choice');
  });
});

describe('host command line without a keychain', () => {
  it('falls back to the 0600 password file and says so', async () => {
    const result = await addAccount(withoutBus(), 'Test', 'no-keychain-here');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/password stored in the file store/);
    expect((await filePasswords())?.Test).toBe('no-keychain-here');
    expect((await stat(join(config.configDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('MAILBADGE_SECRETS=keychain fails with a clear error, stores nothing and never echoes the password', async () => {
    const result = await addAccount(withoutBus({ MAILBADGE_SECRETS: 'keychain' }), 'Test', 'must-not-leak');
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^mailbadge: MAILBADGE_SECRETS=keychain, but no OS keychain is available \(.+\)\. Start a Secret Service/);
    expect(result.stderr).not.toContain('must-not-leak');
    expect(await filePasswords()).toBeUndefined();
    await expect(stat(join(config.configDir, 'config.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects an unknown MAILBADGE_SECRETS value', async () => {
    const result = await addAccount(withoutBus({ MAILBADGE_SECRETS: 'vault' }), 'Test', 'irrelevant');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/MAILBADGE_SECRETS must be "file" or "keychain"/);
  });
});

describe('private keyring fixture', () => {
  it('stops both daemons and removes its directory', async () => {
    const other = await startKeyring();
    await other.stop();
    for (const pid of Object.values(other.pids)) expect(() => process.kill(pid, 0)).toThrow();
    await expect(stat(other.env.HOME)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
