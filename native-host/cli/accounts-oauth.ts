// `accounts add --oauth PROVIDER`: signs in through the browser (the address is printed, and opened where a browser
// is at hand), checks that IMAP takes the new token, and stores the refresh token in the keychain.
import { AccountSettings } from '../../lib/account';
import { saveAccount } from '../account-store';
import { HostError } from '../errors';
import { openImapSession } from '../imap/connect';
import { findProvider, requireClientId } from '../oauth/providers';
import { SIGN_IN_TIMEOUT_MS, startSignIn } from '../oauth/sign-in';
import { openSecretStore } from '../secrets';
import { required } from './args';
import { openInBrowser } from './open-browser';

export const OAUTH_ADD_USAGE =
  'accounts add --name N --oauth google|microsoft|PROVIDER --user ADDRESS [--host H --port P --security tls|starttls] [--folders a,b] [--trust-fingerprint SHA256] [--webmail-url URL]';

interface OAuthAddValues {
  name?: string | undefined;
  oauth?: string | undefined;
  user?: string | undefined;
  host?: string | undefined;
  port?: string | undefined;
  security?: string | undefined;
  folders?: string | undefined;
  'trust-fingerprint'?: string | undefined;
  'webmail-url'?: string | undefined;
  'password-stdin'?: boolean | undefined;
}

export async function addOAuthAccount(values: OAuthAddValues, configDir: string, out: (line: string) => void): Promise<void> {
  if (values['password-stdin']) throw new HostError('BAD_MESSAGE', `An account that signs in with --oauth has no password; drop --password-stdin. Usage: ${OAUTH_ADD_USAGE}`);
  const provider = await findProvider(configDir, required(values.oauth, '--oauth', OAUTH_ADD_USAGE));
  requireClientId(provider);
  const security = values.security ?? provider.imap.security;
  const parsed = AccountSettings.safeParse({
    name: required(values.name, '--name', OAUTH_ADD_USAGE),
    host: values.host ?? provider.imap.host,
    port: values.port !== undefined ? Number(values.port) : values.host !== undefined ? (security === 'starttls' ? 143 : 993) : provider.imap.port,
    security,
    user: required(values.user, '--user', OAUTH_ADD_USAGE),
    folders: values.folders ? values.folders.split(',').map((folder) => folder.trim()).filter(Boolean) : ['INBOX'],
    ...(values['trust-fingerprint'] ? { trustFingerprint: values['trust-fingerprint'] } : {}),
    ...(values['webmail-url'] ? { webmailUrl: values['webmail-url'] } : {}),
    oauth: { provider: provider.name },
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HostError('BAD_MESSAGE', `Invalid ${issue?.path.join('.') || 'account'}: ${issue?.message}. Usage: ${OAUTH_ADD_USAGE}`);
  }
  const account = parsed.data;
  const secrets = await openSecretStore(configDir);

  const flow = await startSignIn(provider, account.user);
  out(`Open this address to sign in: ${flow.url}`);
  openInBrowser(flow.url);
  process.stderr.write(`mailbadge: waiting up to ${SIGN_IN_TIMEOUT_MS / 60_000} minutes for the sign-in to finish in the browser…\n`);
  const tokens = await flow.tokens;

  // Before anything is stored: the server must take this token for this user (another account picked in the browser would not).
  const client = await openImapSession(account, { accessToken: tokens.accessToken }, { disableAutoIdle: true }).catch((error: unknown) => {
    throw error instanceof HostError && error.code === 'AUTH_FAILED'
      ? new HostError('SIGN_IN_REQUIRED', `${error.message} The account was not added.`)
      : error;
  });
  await client.logout().catch(() => client.close());

  const changed = await saveAccount(configDir, secrets, account, { refreshToken: tokens.refreshToken });
  out(
    `${changed ? 'Updated' : 'Added'} account "${account.name}" (${account.user} at ${account.host}:${account.port}, ${account.security}), ` +
      `signed in with ${provider.label}; the sign-in is stored in the ${secrets.kind} store.`,
  );
}
