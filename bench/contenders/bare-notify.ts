// Contender: the bare NOTIFY client (raw TLS, LOGIN, NOTIFY SET STATUS, read STATUS lines) — the latency floor.
import { startBareNotifyClient, type BareStatusEvent } from '../bare-notify-client';
import { CountsOut, fail, readSettings } from './contender-io';

const settings = readSettings();
const out = new CountsOut();
const known = new Map<string, { unseen: number; total: number }>();
const client = await startBareNotifyClient({
  host: settings.host,
  port: settings.port,
  ca: settings.ca,
  user: settings.user,
  password: settings.password,
  folders: settings.folders,
  events: ['MessageNew', 'MessageExpunge', 'FlagChange'],
  initialStatus: true,
  onStatus: (event) => show(event),
}).catch(fail);
client.events.on('error', fail);

function show(event: BareStatusEvent): void {
  // A \Seen change carries UNSEEN without MESSAGES: keep what the last push said.
  const before = known.get(event.path);
  const total = event.items.MESSAGES ?? before?.total;
  const unseen = event.items.UNSEEN ?? before?.unseen;
  if (total === undefined || unseen === undefined) return;
  known.set(event.path, { unseen, total });
  out.emit(event.path, unseen, total);
}
