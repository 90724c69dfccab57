// Contender: one IDLE connection per watched folder, as goimapnotify-style notifiers do. Each connection EXAMINEs
// its folder, IDLEs, and on any change counts again (SEARCH UNSEEN; the total is the folder's EXISTS).
import type { ImapFlow } from 'imapflow';
import { connectImap, CountsOut, fail, readSettings } from './contender-io';

const settings = readSettings();
const out = new CountsOut();

async function watchFolder(folder: string): Promise<void> {
  // IDLE right after each command, as these tools do: until then the server tells nothing.
  const client: ImapFlow = await connectImap(settings, { autoIdleDelay: 20 });
  await client.mailboxOpen(folder, { readOnly: true });
  let timer: NodeJS.Timeout | undefined;
  const count = async (): Promise<void> => {
    const unseen = (await client.search({ seen: false }, { uid: true })) || [];
    out.emit(folder, unseen.length, client.mailbox ? client.mailbox.exists : 0);
  };
  // A new message arrives as EXISTS plus FETCH: one count for the burst.
  const changed = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void count().catch(fail), 20);
  };
  for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, changed);
  await count();
}

await Promise.all(settings.folders.map((folder) => watchFolder(folder))).catch(fail);
