// Contender: the naive client of the IMAP primers, every 60 s (intervalMs): connect, LOGIN, then per folder SELECT,
// SEARCH UNSEEN and FETCH the unseen messages' headers (variant "headers") or whole messages ("rfc822"), LOGOUT.
import { naivePass } from '../naive-check';
import { connectImap, CountsOut, every, readSettings } from './contender-io';

const settings = readSettings();
const out = new CountsOut();

every(settings.intervalMs ?? 60_000, async () => {
  const client = await connectImap(settings, { disableAutoIdle: true });
  try {
    await naivePass(client, settings.folders, settings.variant === 'rfc822' ? 'rfc822' : 'headers', ({ folder, unseen, total }) => out.emit(folder, unseen, total));
  } finally {
    await client.logout().catch(() => client.close());
  }
});
