// `uninstall --purge`: the user's settings, stored passwords and launcher, each named before it is removed.
import { existsSync, readdirSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { configPath, loadConfig } from '../config';
import { KEYCHAIN_SERVICE, KeychainSecretStore } from '../secrets/keychain-secret-store';
import { BROWSERS, type Platform } from './locations';
import { launcherPath } from './launcher';

export async function purge(configDir: string, platform: Platform, out: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let accounts: string[] = [];
  try {
    accounts = (await loadConfig(configDir)).accounts.map((account) => account.name);
  } catch (error) {
    out(`The settings file cannot be read (${(error as Error).message}); its keychain entries cannot be named and stay.`);
  }

  if (accounts.length > 0) {
    const probe = await KeychainSecretStore.probe(env);
    if (probe.available) {
      const keychain = new KeychainSecretStore();
      for (const name of accounts) {
        out(`Removing the keychain entry "${KEYCHAIN_SERVICE}" / "${name}" (the password of account ${name})`);
        await keychain.delete(name);
      }
    } else {
      out(
        `The OS keychain did not answer (${probe.reason}), so its entries under "${KEYCHAIN_SERVICE}" (${accounts.join(', ')}) could not be removed; ` +
          'remove them with your keychain tool (on Linux: secret-tool clear service Mailbadge) if there are any.',
      );
    }
  }

  const files: [string, string][] = [
    [configPath(configDir), `the settings of ${accounts.length} account(s)${accounts.length ? ` (${accounts.join(', ')})` : ''}`],
    [join(configDir, 'secrets.json'), 'the password file'],
    [launcherPath(platform, configDir), 'the launcher'],
    ...BROWSERS.map((browser): [string, string] => [join(configDir, `${NATIVE_HOST_NAME}.${browser}.json`), `the ${browser} manifest`]),
  ];
  for (const [path, what] of files) {
    if (!existsSync(path)) continue;
    out(`Removing ${what}: ${path}`);
    await rm(path);
  }
  if (!existsSync(configDir)) return;
  const left = readdirSync(configDir);
  if (left.length === 0) {
    await rmdir(configDir);
    out(`Removed the folder ${configDir}`);
  } else {
    out(`Left ${configDir} in place: it holds files Mailbadge did not write (${left.slice(0, 5).join(', ')}).`);
  }
}
