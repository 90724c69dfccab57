// The config dir holds the launcher the browser runs, the account settings and maybe the password file: it must be the user's alone.
import { chmod, mkdir, stat } from 'node:fs/promises';
import { HostError } from './errors';

/**
 * Creates `dir` (mode 0700) if needed, and checks an existing one: another user's directory is refused, since
 * whoever owns it can swap the launcher for their own program; one that others may write to is made private
 * again (0700) with a note on stderr. POSIX only: Windows has no such mode bits.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const info = await stat(dir);
  if (!info.isDirectory()) throw new HostError('CONFIG_INVALID', `${dir} is not a directory. Move it away, or set MAILBADGE_CONFIG_DIR to a directory of your own.`);
  if (info.uid !== process.getuid()) {
    throw new HostError(
      'CONFIG_INVALID',
      `${dir} belongs to another user (uid ${info.uid}), who could replace the helper's files there. Use a directory of your own: set MAILBADGE_CONFIG_DIR, or remove it and run the command again.`,
    );
  }
  if ((info.mode & 0o077) !== 0) {
    await chmod(dir, 0o700);
    if ((info.mode & 0o022) !== 0) {
      process.stderr.write(`mailbadge: ${dir} could be changed by other users; it is now private (0700). Check that its files are yours.\n`);
    }
  }
}
