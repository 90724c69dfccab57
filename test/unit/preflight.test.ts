// `npm start` on a machine without Dovecot or Chromium: one line naming the package and this platform's command.
import { describe, expect, it } from 'vitest';
import { missingLine, packageManager, type Requirement } from '../../scripts/preflight';

const DOVECOT: Requirement = { name: 'Dovecot', packages: { apt: 'dovecot-imapd', dnf: 'dovecot', brew: 'dovecot' }, present: false };
const CHROMIUM: Requirement = { name: 'Chromium', packages: { apt: 'chromium', dnf: 'chromium', brew: '--cask chromium' }, present: false };

describe('npm start preflight', () => {
  it('knows the package manager from /etc/os-release (ID or ID_LIKE), and brew on macOS', () => {
    expect(packageManager('linux', 'PRETTY_NAME="Debian GNU/Linux 13"\nID=debian\n')).toBe('apt');
    expect(packageManager('linux', 'ID=linuxmint\nID_LIKE="ubuntu debian"\n')).toBe('apt');
    expect(packageManager('linux', 'ID=fedora\n')).toBe('dnf');
    expect(packageManager('linux', 'ID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('dnf');
    expect(packageManager('darwin', undefined)).toBe('brew');
    expect(packageManager('linux', 'ID=arch\n')).toBeUndefined();
  });

  it('names what is missing and the one command that installs it here', () => {
    expect(missingLine([DOVECOT], 'apt')).toBe('npm start needs Dovecot, which is not installed: `sudo apt-get install dovecot-imapd`, then run npm start again.');
    expect(missingLine([DOVECOT, CHROMIUM], 'dnf')).toBe('npm start needs Dovecot and Chromium, which are not installed: `sudo dnf install dovecot chromium`, then run npm start again.');
    expect(missingLine([CHROMIUM], 'brew')).toBe('npm start needs Chromium, which is not installed: `brew install --cask chromium`, then run npm start again.');
  });

  it('gives each platform\'s command when it cannot tell which this is', () => {
    expect(missingLine([DOVECOT], undefined)).toBe(
      'npm start needs Dovecot, which is not installed: `sudo apt-get install dovecot-imapd` (Debian/Ubuntu), `sudo dnf install dovecot` (Fedora) or `brew install dovecot` (macOS), then run npm start again.',
    );
  });
});
