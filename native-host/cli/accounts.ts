// `accounts add|list|remove`: manage the configured accounts and their passwords (or OAuth2 sign-ins).
import { AccountSettings, defaultPort } from '../../lib/account';
import { removeAccount, saveAccount } from '../account-store';
import { loadConfig } from '../config';
import { HostError } from '../errors';
import { openSecretStore } from '../secrets';
import { addOAuthAccount, OAUTH_ADD_USAGE } from './accounts-oauth';
import { parseCommandArgs, readPasswordFromStdin, required } from './args';

const ADD_USAGE =
  'accounts add --name N --host H [--port P] --security tls|starttls --user U [--folders a,b] [--trust-fingerprint SHA256] [--webmail-url URL] [--password-stdin]' +
  ` | ${OAUTH_ADD_USAGE}`;

export async function accountsCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'add':
      return addAccount(rest, configDir, out);
    case 'list':
      return listAccounts(rest, configDir, out);
    case 'remove':
      return removeAccountCommand(rest, configDir, out);
    default:
      throw new HostError('BAD_MESSAGE', `Unknown accounts command "${sub ?? ''}". Use: accounts add | list | remove.`);
  }
}

async function addAccount(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(
    args,
    {
      name: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      security: { type: 'string' },
      user: { type: 'string' },
      folders: { type: 'string' },
      'trust-fingerprint': { type: 'string' },
      'webmail-url': { type: 'string' },
      'password-stdin': { type: 'boolean' },
      oauth: { type: 'string' },
    },
    ADD_USAGE,
  );
  if (values.oauth !== undefined) return addOAuthAccount(values, configDir, out);
  const security = required(values.security, '--security', ADD_USAGE);
  const candidate = {
    name: required(values.name, '--name', ADD_USAGE),
    host: required(values.host, '--host', ADD_USAGE),
    port: values.port === undefined ? (security === 'starttls' ? defaultPort('starttls') : defaultPort('tls')) : Number(values.port),
    security,
    user: required(values.user, '--user', ADD_USAGE),
    folders: values.folders ? values.folders.split(',').map((folder) => folder.trim()).filter(Boolean) : ['INBOX'],
    ...(values['trust-fingerprint'] ? { trustFingerprint: values['trust-fingerprint'] } : {}),
    ...(values['webmail-url'] ? { webmailUrl: values['webmail-url'] } : {}),
  };
  const parsed = AccountSettings.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HostError('BAD_MESSAGE', `Invalid ${issue?.path.join('.') || 'account'}: ${issue?.message}. Usage: ${ADD_USAGE}`);
  }
  if (!values['password-stdin']) {
    throw new HostError('BAD_MESSAGE', 'Give the password on stdin with --password-stdin (it is never accepted as an argument, where other users could see it).');
  }
  const password = await readPasswordFromStdin();
  const account = parsed.data;
  const secrets = await openSecretStore(configDir);
  const changed = await saveAccount(configDir, secrets, account, { password });
  out(`${changed ? 'Updated' : 'Added'} account "${account.name}" (${account.user} at ${account.host}:${account.port}, ${account.security}); password stored in the ${secrets.kind} store.`);
}

async function listAccounts(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, 'accounts list [--json]');
  const { accounts } = await loadConfig(configDir);
  if (values.json) return out(JSON.stringify(accounts));
  if (accounts.length === 0) return out('No accounts yet. Add one with: accounts add --name … --password-stdin');
  for (const a of accounts) {
    const extras = `${a.trustFingerprint ? '\tpinned certificate' : ''}${a.oauth ? `\tsigned in with ${a.oauth.provider}` : ''}`;
    out(`${a.name}\t${a.user}@${a.host}:${a.port} (${a.security})\tfolders: ${a.folders.join(', ')}${extras}`);
  }
}

async function removeAccountCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { positionals } = parseCommandArgs(args, {}, 'accounts remove NAME');
  const name = required(positionals[0], 'NAME', 'accounts remove NAME');
  await removeAccount(configDir, await openSecretStore(configDir), name);
  out(`Removed account "${name}" and its password.`);
}
