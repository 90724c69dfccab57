// saveAccount / removeAccount / testAccount: the options page manages accounts through the host, which keeps the
// passwords and refresh tokens (a sign-in is named by its id; its tokens stay here).
import type { ImapFlow } from 'imapflow';
import { removeAccount, saveAccount } from '../account-store';
import { HostError } from '../errors';
import { openImapSession } from '../imap/connect';
import { logoutQuietly, withDeadline } from '../imap/connection-guard';
import { listFolders } from '../imap/folder-list';
import { accountLogin } from '../login';
import { defineHandler, type HandlerContext } from './handler';
import { foldersReply } from './list-folders';

export const saveAccountHandler = defineHandler({
  type: 'saveAccount',
  async handle(request, { configDir, secrets, signIns, reloadAccounts }) {
    const signedIn = request.signIn === undefined ? undefined : signIns.finished(request.signIn, request.settings.oauth?.provider);
    await saveAccount(configDir, secrets, request.settings, {
      ...(request.password !== undefined ? { password: request.password } : {}),
      ...(signedIn ? { refreshToken: signedIn.refreshToken } : {}),
      ...(request.previousName !== undefined ? { previousName: request.previousName } : {}),
    });
    if (request.signIn !== undefined) signIns.forget(request.signIn);
    await reloadAccounts();
    return { type: 'ok', id: request.id };
  },
});

export const removeAccountHandler = defineHandler({
  type: 'removeAccount',
  async handle(request, { configDir, secrets, reloadAccounts }) {
    await removeAccount(configDir, secrets, request.account);
    await reloadAccounts();
    return { type: 'ok', id: request.id };
  },
});

export const testAccountHandler = defineHandler({
  type: 'testAccount',
  async handle(request, context) {
    const client = await openForTest(request.settings, request.password, request.signIn, context);
    try {
      const { host, port } = request.settings;
      return foldersReply(request.id, await withDeadline(client, `${host}:${port}`, () => listFolders(client)));
    } finally {
      await logoutQuietly(client);
    }
  },
});

/** A test connects with what the page gave (a password, a new sign-in) or else with the account's stored secret. */
async function openForTest(
  settings: Parameters<typeof openImapSession>[0],
  password: string | undefined,
  signIn: string | undefined,
  { secrets, signIns, configDir }: HandlerContext,
): Promise<ImapFlow> {
  const options = { disableAutoIdle: true };
  if (signIn !== undefined) return await openImapSession(settings, { accessToken: await signIns.accessToken(signIn, settings.oauth?.provider) }, options);
  if (password !== undefined && !settings.oauth) return await openImapSession(settings, { password }, options);
  if (!settings.oauth && (await secrets.get(settings.name)) === undefined) {
    throw new HostError('SECRET_MISSING', `Enter the password for "${settings.name}" to test the connection.`);
  }
  const login = accountLogin(settings, secrets, configDir);
  try {
    return await login.open(options);
  } finally {
    login.stop();
  }
}
