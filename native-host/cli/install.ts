// `install` / `uninstall`: register or remove the native-messaging host for the chosen browsers.
import { install, parseBrowsers, uninstall } from '../install';
import { parseCommandArgs } from './args';

const USAGE = '[--browser chrome|chromium|edge|brave|vivaldi|firefox|all] [--dir D]';

export async function installCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { browser: { type: 'string' }, dir: { type: 'string' } }, `install ${USAGE}`);
  const written = await install({ browsers: parseBrowsers(values.browser), ...(values.dir ? { dir: values.dir } : {}), configDir });
  for (const path of written) out(`Registered the Mailbadge host: ${path}`);
}

export async function uninstallCommand(args: string[], _configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { browser: { type: 'string' }, dir: { type: 'string' } }, `uninstall ${USAGE}`);
  const removed = await uninstall({ browsers: parseBrowsers(values.browser), ...(values.dir ? { dir: values.dir } : {}) });
  out(removed.length ? removed.map((path) => `Removed ${path}`).join('\n') : 'The Mailbadge host was not registered there.');
}
