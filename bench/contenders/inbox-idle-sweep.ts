// Contender: IDLE on INBOX only and a STATUS of every other folder every 10 minutes (intervalMs), as Thunderbird
// and mailnag behave by default; one connection.
import { connectImap, CountsOut, every, fail, readSettings } from './contender-io';

const settings = readSettings();
const out = new CountsOut();
const inbox = settings.folders.find((folder) => folder.toUpperCase() === 'INBOX') ?? settings.folders[0]!;
const others = settings.folders.filter((folder) => folder !== inbox);
const client = await connectImap(settings, { autoIdleDelay: 20 }).catch(fail);
// SELECT, read-write, as a mail client does.
await client.mailboxOpen(inbox).catch(fail);

let timer: NodeJS.Timeout | undefined;
const countInbox = async (): Promise<void> => {
  const unseen = (await client.search({ seen: false }, { uid: true })) || [];
  out.emit(inbox, unseen.length, client.mailbox ? client.mailbox.exists : 0);
};
for (const event of ['exists', 'expunge', 'flags'] as const) {
  client.on(event, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void countInbox().catch(fail), 20);
  });
}
await countInbox().catch(fail);
every(settings.intervalMs ?? 10 * 60_000, async () => {
  for (const folder of others) {
    const status = await client.status(folder, { messages: true, unseen: true });
    if (status === false) throw new Error(`STATUS ${folder} failed`);
    out.emit(folder, status.unseen ?? 0, status.messages ?? 0);
  }
});
