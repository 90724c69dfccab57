// Adding, changing and removing accounts: the config entry and its password kept in step, for the CLI and the extension.
import type { AccountSettings } from '../lib/account';
import { loadConfig, saveConfig } from './config';
import { HostError } from './errors';
import type { SecretStore } from './secrets';

export interface SaveOptions {
  /** A new password; without one the stored password is kept (it must exist). */
  password?: string;
  /** The account's name before this change, to rename it. */
  previousName?: string;
}

/** Returns whether an existing account was changed (rather than a new one added). */
export async function saveAccount(configDir: string, secrets: SecretStore, account: AccountSettings, options: SaveOptions = {}): Promise<boolean> {
  const config = await loadConfig(configDir);
  const oldName = options.previousName ?? account.name;
  const index = config.accounts.findIndex((a) => a.name === oldName);
  if (oldName !== account.name && config.accounts.some((a) => a.name === account.name)) {
    throw new HostError('ACCOUNT_EXISTS', `An account named "${account.name}" already exists; pick another name.`);
  }
  const password = options.password ?? (index >= 0 ? await secrets.get(oldName) : undefined);
  if (password === undefined) throw new HostError('SECRET_MISSING', `Enter the password for "${account.name}".`);
  // The password first: a config entry without its password would show as broken.
  await secrets.set(account.name, password);
  if (index >= 0) config.accounts[index] = account;
  else config.accounts.push(account);
  await saveConfig(config, configDir);
  if (oldName !== account.name) await secrets.delete(oldName);
  return index >= 0;
}

export async function removeAccount(configDir: string, secrets: SecretStore, name: string): Promise<void> {
  const config = await loadConfig(configDir);
  const remaining = config.accounts.filter((a) => a.name !== name);
  if (remaining.length === config.accounts.length) throw new HostError('ACCOUNT_NOT_FOUND', `There is no account named "${name}". See: accounts list`);
  await saveConfig({ ...config, accounts: remaining }, configDir);
  await secrets.delete(name);
}
