// The naive way to check mail, as the baseline: log in, SELECT every folder, SEARCH UNSEEN, FETCH the unseen
// messages' headers (or, in the "rfc822" variant, whole messages — with PEEK, as RFC822 would mark them read).
import type { ImapFlow } from 'imapflow';
import { connectRecording, type ImapTarget } from '../test/support/recording-client';

export type NaiveVariant = 'headers' | 'rfc822';

export interface NaiveCounts {
  folder: string;
  unseen: number;
  total: number;
}

/** One pass over the folders on an open connection; calls `found` per folder as soon as it is counted. */
export async function naivePass(client: ImapFlow, folders: readonly string[], variant: NaiveVariant, found: (counts: NaiveCounts) => void = () => undefined): Promise<NaiveCounts[]> {
  const all: NaiveCounts[] = [];
  for (const folder of folders) {
    const mailbox = await client.mailboxOpen(folder); // SELECT, read-write, as simple clients do
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    if (uids.length) {
      const query = variant === 'rfc822' ? { uid: true, source: true } : { uid: true, headers: true };
      for await (const message of client.fetch(uids, query, { uid: true })) void message;
    }
    const counts = { folder, unseen: uids.length, total: mailbox.exists };
    all.push(counts);
    found(counts);
  }
  return all;
}

/** Connect, LOGIN, one pass, LOGOUT; returns the counts and how many commands it took. */
export async function naiveCheck(target: ImapTarget, folders: readonly string[], variant: NaiveVariant = 'headers'): Promise<{ counts: NaiveCounts[]; commands: number }> {
  const sent: string[] = [];
  const client = await connectRecording(target, sent);
  try {
    return { counts: await naivePass(client, folders, variant), commands: sent.length };
  } finally {
    await client.logout();
  }
}
