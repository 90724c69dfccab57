// Adding, changing and removing accounts: the config entry and its secret kept in step, for the CLI and the extension.
// An account's secret is its password or, for an OAuth2 account, its refresh token (one keychain entry either way).
import type { AccountSettings } from '../lib/account';
import { loadConfig, saveConfig } from './config';
import { HostError } from './errors';
import { findProvider } from './oauth/providers';
import type { SecretStore } from './secrets';

export interface SaveOptions {
  /** A new password; without one the stored password is kept (it must exist). */
  password?: string;
  /** An OAuth2 account's refresh token from a new sign-in; without one the stored one is kept. */
  refreshToken?: string;
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
  const previous = index >= 0 ? config.accounts[index] : undefined;
  const provider = account.oauth?.provider;
  if (provider && options.password !== undefined) {
    throw new HostError('BAD_MESSAGE', `"${account.name}" signs in with ${provider}; it has no password to set. Sign in again instead.`);
  }
  if (!provider && options.refreshToken !== undefined) {
    throw new HostError('BAD_MESSAGE', `"${account.name}" logs in with a password, not with a sign-in.`);
  }
  // A stored secret of the other kind (a password where a refresh token is now needed, or the reverse) is no use.
  const sameKind = previous !== undefined && previous.oauth?.provider === provider;
  const secret = (provider ? options.refreshToken : options.password) ?? (sameKind ? await secrets.get(oldName) : undefined);
  if (secret === undefined) {
    throw provider
      ? new HostError('SIGN_IN_REQUIRED', `Sign in with ${provider} for "${account.name}" before saving it.`)
      : new HostError('SECRET_MISSING', `Enter the password for "${account.name}".`);
  }
  // The secret first: a config entry without its secret would show as broken.
  await secrets.set(account.name, secret);
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
  const removed = config.accounts.find((a) => a.name === name);
  const refreshToken = removed?.oauth ? await secrets.get(name) : undefined;
  await secrets.delete(name);
  if (removed?.oauth && refreshToken) await revokeQuietly(configDir, removed.oauth.provider, name, refreshToken);
}

/** A removed account's grant is revoked where the provider allows it; the account is gone either way. */
async function revokeQuietly(configDir: string, providerName: string, account: string, refreshToken: string): Promise<void> {
  try {
    const { revokeRefreshToken } = await import('./oauth/token-endpoint');
    await revokeRefreshToken(await findProvider(configDir, providerName), refreshToken);
  } catch (error) {
    const reason = error instanceof HostError ? error.code : error instanceof Error ? error.name : 'unknown';
    process.stderr.write(`mailbadge: could not revoke the sign-in of removed account "${account}" at ${providerName} (${reason}).\n`);
  }
}
