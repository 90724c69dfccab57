// Passwords in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager), one entry per account.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { HostError } from '../errors';
import type { SecretStore } from './secret-store';

/** The keychain's service name; each account is one entry under it, named like the account. */
export const KEYCHAIN_SERVICE = 'Mailbadge';

// On Linux the library silently falls back to the kernel keyring, which forgets everything at reboot; pinning the
// Secret Service turns "no Secret Service" into an error we can see. Other platforms ignore the option.
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

const PROBE_TIMEOUT_MS = 2_000;
const PROBE_ACCOUNT = 'mailbadge availability probe';
// Runs in a child: the library connects to D-Bus synchronously and blocks forever on a bus that accepts but never
// answers, which no timer in this process could interrupt. It prints only the failure, never a password.
const PROBE_SCRIPT = `
const [modulePath, service, account, options] = process.argv.slice(1);
const fail = (error) => { process.stderr.write(String(error && error.message ? error.message : error)); process.exit(1); };
try {
  const { AsyncEntry } = require(modulePath);
  new AsyncEntry(service, account, JSON.parse(options)).getPassword().then(() => process.exit(0), fail);
} catch (error) {
  fail(error);
}`;

export type KeychainProbe = { available: true } | { available: false; reason: string };

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain';

  static async isAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
    return (await KeychainSecretStore.probe(env)).available;
  }

  /** Reads an entry that does not exist: `null` means a working keychain, an error or silence means none. */
  static probe(env: NodeJS.ProcessEnv = process.env): Promise<KeychainProbe> {
    let modulePath: string;
    try {
      modulePath = createRequire(import.meta.url).resolve('@napi-rs/keyring');
    } catch {
      return Promise.resolve({ available: false, reason: 'the keyring module @napi-rs/keyring is not installed' });
    }
    const args = ['-e', PROBE_SCRIPT, modulePath, KEYCHAIN_SERVICE, PROBE_ACCOUNT, JSON.stringify(ENTRY_OPTIONS)];
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        args,
        { env, timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL', windowsHide: true, encoding: 'utf8' },
        (error, _stdout, stderr) => {
          if (!error) return resolve({ available: true });
          if (error.killed) return resolve({ available: false, reason: `the keychain did not answer within ${PROBE_TIMEOUT_MS / 1000} s` });
          resolve({ available: false, reason: oneLine(stderr) || `the keychain probe exited with status ${String(error.code)}` });
        },
      );
    });
  }

  async get(account: string): Promise<string | undefined> {
    const entry = await openEntry(account, 'read');
    try {
      return (await entry.getPassword()) ?? undefined;
    } catch (error) {
      throw keychainError('read', account, error);
    }
  }

  async set(account: string, password: string): Promise<void> {
    const entry = await openEntry(account, 'store');
    try {
      await entry.setPassword(password);
    } catch (error) {
      throw keychainError('store', account, error, password);
    }
  }

  async delete(account: string): Promise<void> {
    const entry = await openEntry(account, 'delete');
    try {
      // `false` only means there was nothing to delete, which is what the caller wants anyway.
      await entry.deletePassword();
    } catch (error) {
      throw keychainError('delete', account, error);
    }
  }
}

type Action = 'read' | 'store' | 'delete';

// Loaded on first use so that a platform without a prebuilt binary still runs the host with the file store.
async function openEntry(account: string, action: Action): Promise<AsyncEntry> {
  try {
    const { AsyncEntry: Entry } = await import('@napi-rs/keyring');
    // The constructor is where the library connects to the Secret Service, so it is where "none running" shows up.
    return new Entry(KEYCHAIN_SERVICE, account, ENTRY_OPTIONS);
  } catch (error) {
    throw keychainError(action, account, error);
  }
}

function keychainError(action: Action, account: string, error: unknown, password?: string): HostError {
  let reason = oneLine(error instanceof Error ? error.message : String(error));
  // The library's messages name the backend's failure, not the secret; redact anyway in case a backend echoes it.
  if (password) reason = reason.split(password).join('[password]');
  return new HostError(
    'KEYCHAIN_UNAVAILABLE',
    `Cannot ${action} the password of "${account}" in the OS keychain (${reason || 'unknown failure'}). ` +
      'Unlock or start the keychain (on Linux a Secret Service such as gnome-keyring), or set MAILBADGE_SECRETS=file to keep passwords in a 0600 file.',
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
