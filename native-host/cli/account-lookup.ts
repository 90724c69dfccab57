// Finds a configured account and its password, with errors that say how to fix a missing one.
import type { AccountSettings } from '../../lib/account';
import { loadConfig } from '../config';
import { HostError } from '../errors';
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

export async function passwordFor(configDir: string, account: AccountSettings): Promise<string> {
  const password = await (await openSecretStore(configDir)).get(account.name);
  if (password === undefined) {
    throw new HostError('SECRET_MISSING', `No password is stored for "${account.name}". Set it with: accounts add … --password-stdin`);
  }
  return password;
}
