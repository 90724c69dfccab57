// The host's command line (the contract in design.md): one entry per command, errors as one line on stderr.
import { configDir as defaultConfigDir } from '../config';
import { HOST_VERSION } from '../version';
import { describeThrown, HostError, toProblem } from '../errors';
import { accountsCommand } from './accounts';
import { checkCommand } from './check';
import { discoverCommand } from './discover';
import { doctorCommand } from './doctor';
import { installCommand, uninstallCommand } from './install';
import { foldersCommand } from './folders';
import { markCommand } from './mark';
import { moveCommand, saveCommand, starCommand, undoCommand } from './mail-actions';
import { watchCommand } from './watch';

type Command = (args: string[], configDir: string, out: (line: string) => void) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  install: installCommand,
  uninstall: uninstallCommand,
  doctor: doctorCommand,
  accounts: accountsCommand,
  check: checkCommand,
  watch: watchCommand,
  folders: foldersCommand,
  discover: discoverCommand,
  'mark-read': markCommand('read'),
  'mark-unread': markCommand('unread'),
  'mark-all-read': markCommand('all-read'),
  archive: moveCommand('archive'),
  delete: moveCommand('delete'),
  spam: moveCommand('spam'),
  star: starCommand(true),
  unstar: starCommand(false),
  undo: undoCommand,
  save: saveCommand,
};

const HELP = `Mailbadge helper ${HOST_VERSION} — unread mail for the Mailbadge browser extension.
Commands:
  install [--browser chrome|chromium|edge|brave|vivaldi|firefox|all] [--dir D]
                  register with every browser found here (or the one named)
  uninstall [--browser …] [--dir D] [--purge]
                  remove the registrations; --purge also removes settings and stored passwords
  doctor [--json] check the installation, the password store and every account
  version         print the helper's version
  accounts add --name N --host H [--port P] --security tls|starttls --user U [--folders a,b]
               [--trust-fingerprint SHA256] [--webmail-url URL] --password-stdin
  accounts add --name N --oauth google|microsoft|PROVIDER --user ADDRESS [--host H --port P --security S]
               [--folders a,b]     (prints the address to sign in at, waits up to 5 minutes)
  accounts list [--json]
  accounts remove NAME
  check ACCOUNT [--json]
  watch ACCOUNT [--json]
  folders ACCOUNT [--json]
  discover ADDRESS [--json]
  mark-read ACCOUNT FOLDER UID… [--uidvalidity N]
  mark-unread ACCOUNT FOLDER UID… [--uidvalidity N]
  mark-all-read ACCOUNT FOLDER [--uidvalidity N]
  archive|delete|spam ACCOUNT FOLDER UID… [--uidvalidity N] [--json]
  star|unstar ACCOUNT FOLDER UID… [--uidvalidity N]
  undo ACCOUNT FOLDER --moved JSON [--json]
  save ACCOUNT FOLDER UID --out FILE [--uidvalidity N]
Config: $MAILBADGE_CONFIG_DIR (now ${defaultConfigDir()}); OAuth2 providers of your own: providers.json there`;

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const out = (line: string) => process.stdout.write(line + '\n');
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(HELP);
    return 0;
  }
  if (name === 'version' || name === '--version') {
    out(HOST_VERSION);
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new HostError('BAD_MESSAGE', `Unknown command "${name}". Run with --help to see the commands.`);
    await command(args, defaultConfigDir(), out);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    const problem = toProblem(error);
    // One line, always (design.md): an unexpected error adds what was thrown to that line.
    const detail = problem.code === 'INTERNAL' && !(error instanceof HostError) ? ` (${describeThrown(error).replace(/\s+/g, ' ')})` : '';
    process.stderr.write(`mailbadge: ${problem.message}${detail}\n`);
    return 1;
  }
}
