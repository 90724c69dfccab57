// Doctor's checks of the user's data: the settings file, where passwords live, and a real connection per account.
import { join } from 'node:path';
import type { AccountSettings } from '../../lib/account';
import { configPath, loadConfig } from '../config';
import { toProblem } from '../errors';
import { accountLogin } from '../login';
import { openSecretStore, type SecretStore } from '../secrets';
import { KeychainSecretStore } from '../secrets/keychain-secret-store';
import { fail, ok, warn, type Check } from './check';

export async function accountChecks(configDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  let accounts: AccountSettings[];
  try {
    accounts = (await loadConfig(configDir)).accounts;
  } catch (error) {
    return [fail('settings', toProblem(error).message)];
  }
  const checks: Check[] = [
    accounts.length > 0
      ? ok('settings', `${configPath(configDir)} (${accounts.length} account${accounts.length === 1 ? '' : 's'})`)
      : warn('settings', 'no account yet: add one on the extension\'s options page (or `mailbadge-host accounts add`)'),
  ];

  const store = await passwordStoreCheck(configDir, env);
  checks.push(store.check);
  for (const account of accounts) checks.push(await connectionCheck(account, store.secrets, configDir));
  return checks;
}

async function passwordStoreCheck(configDir: string, env: NodeJS.ProcessEnv): Promise<{ check: Check; secrets?: SecretStore }> {
  const file = join(configDir, 'secrets.json');
  let secrets: SecretStore;
  try {
    secrets = await openSecretStore(configDir, env);
  } catch (error) {
    return { check: fail('passwords', toProblem(error).message) };
  }
  if (secrets.kind === 'keychain') return { check: ok('passwords', 'the OS keychain answers'), secrets };
  if (env.MAILBADGE_SECRETS === 'file') return { check: ok('passwords', `the 0600 file ${file} (MAILBADGE_SECRETS=file)`), secrets };
  const probe = await KeychainSecretStore.probe(env);
  const why = probe.available ? 'the keychain answered only now' : probe.reason;
  return {
    check: warn('passwords', `no OS keychain answers (${why}), so passwords are kept in the 0600 file ${file}; start a keychain (on Linux gnome-keyring or KWallet) to use it instead`),
    secrets,
  };
}

async function connectionCheck(account: AccountSettings, secrets: SecretStore | undefined, configDir: string): Promise<Check> {
  const subject = `account ${account.name}`;
  const where = `${account.user}@${account.host}:${account.port}`;
  if (!secrets) return fail(subject, `${where}: its password cannot be read (see "passwords" above)`);
  try {
    if ((await secrets.get(account.name)) === undefined) {
      return fail(subject, `${where}: ${account.oauth ? 'no sign-in is stored; sign in again' : 'no password is stored; enter it'} on the extension's options page`);
    }
    // An OAuth2 account's secret is a refresh token, never a password: log in the way its session does.
    const login = accountLogin(account, secrets, configDir);
    const client = await login.open({ disableAutoIdle: true }).finally(() => login.stop());
    await client.logout().catch(() => client.close());
    return ok(subject, `${where} logs in`);
  } catch (error) {
    return fail(subject, `${where}: ${toProblem(error).message}`);
  }
}
