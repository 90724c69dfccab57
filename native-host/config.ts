// The host's configuration file: account settings (no secrets), read validated and written atomically with mode 0600.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { AccountSettings } from '../lib/account';
import { HostError } from './errors';
import { writeFileAtomic } from './atomic-write';
import { ensurePrivateDir } from './private-dir';

export { writeFileAtomic };

const ConfigFile = z.object({
  version: z.literal(1),
  accounts: z.array(AccountSettings).max(100),
});
export type Config = z.infer<typeof ConfigFile>;

const EMPTY_CONFIG: Config = { version: 1, accounts: [] };

/** `$MAILBADGE_CONFIG_DIR`, else the platform's per-user config directory. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MAILBADGE_CONFIG_DIR) return env.MAILBADGE_CONFIG_DIR;
  if (process.platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Mailbadge');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Mailbadge');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'mailbadge');
}

export function configPath(dir = configDir()): string {
  return join(dir, 'config.json');
}

export async function loadConfig(dir = configDir()): Promise<Config> {
  const path = configPath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_CONFIG);
    throw new HostError('CONFIG_INVALID', `Cannot read ${path}: ${(error as Error).message}. Check its permissions.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HostError('CONFIG_INVALID', `${path} is not valid JSON. Fix it by hand or move it away and add the accounts again.`);
  }
  const parsed = ConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HostError(
      'CONFIG_INVALID',
      `${path} has an invalid entry at ${issue?.path.join('.') ?? '?'} (${issue?.message ?? 'unknown'}). Fix it or remove that account.`,
    );
  }
  return parsed.data;
}

export async function saveConfig(config: Config, dir = configDir()): Promise<void> {
  await ensurePrivateDir(dir);
  await writeFileAtomic(configPath(dir), JSON.stringify(ConfigFile.parse(config), null, 2) + '\n');
}

