// The naive way to check mail, as the baseline: log in, SELECT every folder, SEARCH UNSEEN, FETCH the headers.
import { connectRecording, type ImapTarget } from '../test/support/recording-client';

/** Returns the unseen count per folder and how many commands it took. */
export async function naiveCheck(target: ImapTarget, folders: string[]): Promise<{ unseen: Record<string, number>; commands: number }> {
  const sent: string[] = [];
  const client = await connectRecording(target, sent);
  const unseen: Record<string, number> = {};
  try {
    for (const folder of folders) {
      await client.mailboxOpen(folder); // SELECT, read-write, as simple clients do
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      unseen[folder] = uids.length;
      if (uids.length) {
        for await (const message of client.fetch(uids, { uid: true, headers: true }, { uid: true })) void message;
      }
    }
  } finally {
    await client.logout();
  }
  return { unseen, commands: sent.length };
}
