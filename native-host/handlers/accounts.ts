// saveAccount / removeAccount / testAccount: the options page manages accounts through the host, which keeps the passwords.
import { removeAccount, saveAccount } from '../account-store';
import { HostError } from '../errors';
import { openImapSession } from '../imap/connect';
import { listFolders } from '../imap/folder-list';
import { defineHandler } from './handler';

export const saveAccountHandler = defineHandler({
  type: 'saveAccount',
  async handle(request, { configDir, secrets, reloadAccounts }) {
    await saveAccount(configDir, secrets, request.settings, {
      ...(request.password !== undefined ? { password: request.password } : {}),
      ...(request.previousName !== undefined ? { previousName: request.previousName } : {}),
    });
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
  async handle(request, { secrets }) {
    const password = request.password ?? (await secrets.get(request.settings.name));
    if (password === undefined) throw new HostError('SECRET_MISSING', `Enter the password for "${request.settings.name}" to test the connection.`);
    const client = await openImapSession(request.settings, password, { disableAutoIdle: true });
    try {
      return { type: 'folders', id: request.id, folders: await listFolders(client) };
    } finally {
      await client.logout().catch(() => client.close());
    }
  },
});
