// Chooses the password backend: the OS keychain where one answers, else the 0600 file; MAILBADGE_SECRETS=file|keychain forces one.
import { HostError } from '../errors';
import { FileSecretStore } from './file-secret-store';
import type { SecretStore } from './secret-store';

export type { SecretStore } from './secret-store';

export async function openSecretStore(configDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SecretStore> {
  const file = new FileSecretStore(configDir);
  const wanted = env.MAILBADGE_SECRETS || undefined;
  if (wanted === 'file') return file;
  if (wanted !== undefined && wanted !== 'keychain') {
    throw new HostError('CONFIG_INVALID', `MAILBADGE_SECRETS must be "file" or "keychain" (or unset to pick the keychain when one answers), not "${wanted}".`);
  }
  // The keychain binding and its probe (a child process) are loaded only where the keychain may be used.
  const { KeychainSecretStore } = await import('./keychain-secret-store');
  const probe = await KeychainSecretStore.probe(env);
  if (probe.available) return withFileFallback(new KeychainSecretStore(), file);
  if (wanted === 'keychain') {
    throw new HostError(
      'KEYCHAIN_UNAVAILABLE',
      `MAILBADGE_SECRETS=keychain, but no OS keychain is available (${probe.reason}). ` +
        'Start a Secret Service such as gnome-keyring in this session, or unset MAILBADGE_SECRETS to use the 0600 password file.',
    );
  }
  return file;
}

/** The keychain, still reading passwords saved in the file before a keychain appeared, so none is lost. */
function withFileFallback(keychain: SecretStore, file: SecretStore): SecretStore {
  return {
    kind: keychain.kind,
    async get(account) {
      return (await keychain.get(account)) ?? file.get(account);
    },
    async set(account, password) {
      await keychain.set(account, password);
      // The file's copy would be stale from now on, and it is plain text on disk.
      await file.delete(account);
    },
    async delete(account) {
      await keychain.delete(account);
      await file.delete(account);
    },
  };
}
