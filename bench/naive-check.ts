// The naive way to check mail, as the baseline: log in, SELECT every folder, SEARCH UNSEEN, FETCH the headers.
import { ImapFlow } from 'imapflow';

export interface NaiveTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  ca: string;
  folders: string[];
}

/** Returns the unseen count per folder and how many commands it took. */
export async function naiveCheck(target: NaiveTarget): Promise<{ unseen: Record<string, number>; commands: number }> {
  let commands = 0;
  const count = (entry: { src?: string }) => {
    if (entry.src === 'c') commands++;
  };
  const quiet = () => undefined;
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: true,
    auth: { user: target.user, pass: target.password },
    tls: { ca: [target.ca], servername: 'localhost' },
    logger: { debug: count, info: quiet, warn: quiet, error: quiet },
    disableAutoIdle: true,
  });
  await client.connect();
  const unseen: Record<string, number> = {};
  try {
    for (const folder of target.folders) {
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
  return { unseen, commands };
}
