// The Dovecot for the one-off measurements (checks, cold start, mark read, scale, memory, extension): accounts
// seeded like the live run's, a few with ten unseen INBOX messages, a big-folder account, a 500-folder account and
// the popup benchmark's accounts (it fills them itself).
import { startDovecot, type DovecotServer, type DovecotUser } from '../../test/support/dovecot';
import { buildMessage } from '../../test/support/mail';
import { fillFolder } from './bulk-mail';
import { POPUP_USERS } from '../popup-paint';
import { seedFolders } from './seed';

export const LAB_ACCOUNTS = 5;
export const ALICE: DovecotUser = { user: 'alice', password: 'alice-secret' };
/** user0 … user4: the 5 accounts × 20 folders of the memory figure and the popup. */
export const ACCOUNT_USERS: DovecotUser[] = Array.from({ length: LAB_ACCOUNTS }, (_, i) => ({ user: `user${i}`, password: `secret-${i}` }));
export const SCALE_USER: DovecotUser = { user: 'scale', password: 'scale-secret' };
export const MANY_USER: DovecotUser = { user: 'many', password: 'many-secret' };
export const MANY_FOLDERS = 500;
export const SMALL_FOLDER = { name: 'Small', messages: 1_000 };

export interface Lab {
  server: DovecotServer;
  largeFolder: { name: string; messages: number };
  /** The 20 watched folders of the many-folder account. */
  manyWatched: string[];
}

const SENDERS = ['Ann Archer <ann@example.test>', 'Ben Baker <ben@example.test>', 'Cleo Carter <cleo@example.test>', 'Dev Doyle <dev@example.test>'];

export async function startLab(options: { largeMessages: number }): Promise<Lab> {
  const server = await startDovecot({ users: [ALICE, ...ACCOUNT_USERS, SCALE_USER, MANY_USER, ...POPUP_USERS] });
  try {
    await seedFolders(server, ALICE.user);
    for (const { user } of ACCOUNT_USERS) {
      await seedFolders(server, user);
      const client = await server.connect(user);
      for (let i = 0; i < 10; i++) {
        await client.append('INBOX', buildMessage({ subject: `Update ${i} for ${user}`, from: SENDERS[i % SENDERS.length], body: `Hello ${user}, here is update number ${i}. `.repeat(8) }));
      }
      await client.logout();
    }
    const largeFolder = { name: 'Large', messages: options.largeMessages };
    await fillFolder(server, SCALE_USER.user, SMALL_FOLDER.name, SMALL_FOLDER.messages, 100);
    await fillFolder(server, SCALE_USER.user, largeFolder.name, largeFolder.messages, 100);
    // 500 folders; the 20 watched ones hold the same mail as alice's 20, so only the folder count differs.
    const names = Array.from({ length: MANY_FOLDERS - 1 }, (_, i) => `Project${String(i).padStart(3, '0')}`);
    const manyWatched = ['INBOX', ...names.filter((_, i) => i % 25 === 0).slice(0, 19)];
    const many = await server.connect(MANY_USER.user);
    for (const name of names) if (!manyWatched.includes(name)) await many.mailboxCreate(name);
    await many.logout();
    await seedFolders(server, MANY_USER.user, manyWatched);
    return { server, largeFolder, manyWatched };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
