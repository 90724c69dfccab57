// Opens an address in the user's browser where there visibly is one (a terminal on a desktop); elsewhere the printed
// address is the way. Three platform commands, started without a shell so the address is never interpreted.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  // Scripts, tests and SSH sessions read the printed line instead.
  if (!process.stdout.isTTY) return false;
  const command =
    process.platform === 'darwin' ? ['open', url]
    : process.platform === 'win32' ? ['rundll32', 'url.dll,FileProtocolHandler', url]
    : env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open', url]
    : undefined;
  if (!command) return false;
  try {
    const child = spawn(command[0]!, command.slice(1), { stdio: 'ignore', detached: true, windowsHide: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
