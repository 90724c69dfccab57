// Finds a configured account and logs in to it (password or OAuth2 sign-in), with errors that say how to fix a missing one.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../../lib/account';
import { loadConfig } from '../config';
import { HostError } from '../errors';
import type { SessionOptions } from '../imap/connect';
import { accountLogin } from '../login';
import { openSecretStore } from '../secrets';

export async function findAccount(configDir: string, name: string | undefined): Promise<AccountSettings> {
  const { accounts } = await loadConfig(configDir);
  const account = accounts.find((a) => a.name === name);
  if (!account) {
    const known = accounts.map((a) => a.name).join(', ') || 'none yet';
    throw new HostError('ACCOUNT_NOT_FOUND', `There is no account named "${name ?? ''}" (known: ${known}). Add it with: accounts add`);
  }
  return account;
}

/** One IMAP session for a one-shot command; an OAuth2 account's access token is made for it and forgotten after. */
export async function openAccount(configDir: string, account: AccountSettings, options: SessionOptions = {}): Promise<ImapFlow> {
  const login = accountLogin(account, await openSecretStore(configDir), configDir);
  try {
    return await login.open(options);
  } finally {
    login.stop();
  }
}
