// What `npm start` needs from the system (Dovecot, Chromium): whether it is there, and the one command that installs it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type PackageManager = 'apt' | 'dnf' | 'brew';

export interface Requirement {
  name: string;
  /** The package that provides it, per package manager. */
  packages: Record<PackageManager, string>;
  present: boolean;
}

const onPath = (program: string) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, program)));

function hasUser(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function requirements(): Requirement[] {
  const dovecotBinary = process.env.DOVECOT_BIN ? existsSync(process.env.DOVECOT_BIN) : existsSync('/usr/sbin/dovecot') || onPath('dovecot');
  // As root the demo runs Dovecot's login processes as the package's own users, so a binary without them is not enough.
  const dovecotUsers = process.getuid?.() !== 0 || (hasUser('dovecot') && hasUser('dovenull'));
  return [
    { name: 'Dovecot', packages: { apt: 'dovecot-imapd', dnf: 'dovecot', brew: 'dovecot' }, present: dovecotBinary && dovecotUsers },
    { name: 'Chromium', packages: { apt: 'chromium', dnf: 'chromium', brew: '--cask chromium' }, present: existsSync(process.env.MAILBADGE_CHROMIUM ?? '/usr/bin/chromium') },
  ];
}

/** The package manager of this system, from /etc/os-release on Linux; brew on macOS. */
export function packageManager(platform: NodeJS.Platform, osRelease: string | undefined): PackageManager | undefined {
  if (platform === 'darwin') return 'brew';
  if (platform !== 'linux' || !osRelease) return undefined;
  const ids = [...osRelease.matchAll(/^(?:ID|ID_LIKE)="?([^"\n]+)"?$/gm)].flatMap((m) => m[1]!.split(/\s+/));
  if (ids.some((id) => ['debian', 'ubuntu'].includes(id))) return 'apt';
  if (ids.some((id) => ['fedora', 'rhel', 'centos'].includes(id))) return 'dnf';
  return undefined;
}

export function installCommand(manager: PackageManager, missing: Requirement[]): string {
  const packages = missing.map((r) => r.packages[manager]);
  if (manager === 'apt') return `sudo apt-get install ${packages.join(' ')}`;
  if (manager === 'dnf') return `sudo dnf install ${packages.join(' ')}`;
  return packages.map((p) => `brew install ${p}`).join(' && ');
}

/** One line: what is missing and how to get it here (or on each platform when this one is not known). */
export function missingLine(missing: Requirement[], manager: PackageManager | undefined): string {
  const names = missing.map((r) => r.name).join(' and ');
  const how = manager
    ? `\`${installCommand(manager, missing)}\``
    : `\`${installCommand('apt', missing)}\` (Debian/Ubuntu), \`${installCommand('dnf', missing)}\` (Fedora) or \`${installCommand('brew', missing)}\` (macOS)`;
  return `npm start needs ${names}, which ${missing.length > 1 ? 'are' : 'is'} not installed: ${how}, then run npm start again.`;
}

export function readOsRelease(): string | undefined {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return undefined;
  }
}
