// Chooses the password backend: MAILBADGE_SECRETS=file forces the 0600 file; the OS keychain backend plugs in here.
import { FileSecretStore } from './file-secret-store';
import type { SecretStore } from './secret-store';

export type { SecretStore } from './secret-store';

export function openSecretStore(configDir: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  // The keychain backend (Secret Service / macOS Keychain / Windows Credential Manager) is not written yet,
  // so every setting uses the file; `MAILBADGE_SECRETS=file` will keep forcing it once the keychain exists.
  void env.MAILBADGE_SECRETS;
  return new FileSecretStore(configDir);
}
