// The latency floor for benchmarks: the least a NOTIFY client can do (raw TLS, LOGIN, NOTIFY SET, read STATUS lines), no imapflow.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { connect } from 'node:tls';
import { LineReader } from './lib/line-reader';

export interface BareNotifyOptions {
  host: string;
  port: number;
  /** PEM of the CA (or self-signed certificate) to trust; checked against the name "localhost" as the test server's certificate says. */
  ca: string;
  user: string;
  password: string;
  /** Plain ASCII names without "&" only: this client does no modified UTF-7 (a reference has no features). */
  folders: string[];
  /** TLS server name to check the certificate against. Default "localhost". */
  servername?: string;
  /** NOTIFY events to ask for. Default MessageNew and MessageExpunge; add FlagChange to hear of read/unread. */
  events?: ('MessageNew' | 'MessageExpunge' | 'FlagChange')[];
  /** Ask for every folder's STATUS in the NOTIFY SET (RFC 5465 §5.1), so counts are known from the start. */
  initialStatus?: boolean;
  /** Called for every STATUS, also those answering the NOTIFY SET itself (they come before the client resolves). */
  onStatus?: (event: BareStatusEvent) => void;
}

/** One pushed `* STATUS`, stamped the moment its line was read. */
export interface BareStatusEvent {
  path: string;
  /** performance.now() of this process when the line was read. */
  at: number;
  /** The numeric items the line carried, e.g. { MESSAGES: 3, UNSEEN: 1, UIDNEXT: 9 }. */
  items: Record<string, number>;
}

export interface BareNotifyClient {
  /** Emits 'status' (BareStatusEvent) for every `* STATUS` line and 'error' (Error) if the connection fails. */
  events: EventEmitter;
  /** LOGOUT and close the socket. */
  close(): Promise<void>;
}


/** Resolves once NOTIFY is active; from then on every `* STATUS` line is emitted as it arrives. */
export async function startBareNotifyClient(options: BareNotifyOptions): Promise<BareNotifyClient> {
  for (const folder of options.folders) {
    if (!/^[\x20-\x7e]+$/.test(folder) || folder.includes('&')) throw new Error(`bare NOTIFY client: folder ${JSON.stringify(folder)} needs modified UTF-7, which it does not do`);
  }
  const events = new EventEmitter();
  const socket = connect({ host: options.host, port: options.port, ca: [options.ca], servername: options.servername ?? 'localhost' });
  const lines = new LineReader(socket);
  let tag = 0;
  const command = async (text: string): Promise<void> => {
    const id = `b${++tag}`;
    socket.write(`${id} ${text}\r\n`);
    const reply = await lines.waitFor((line) => line.startsWith(`${id} `));
    if (!reply.startsWith(`${id} OK`)) throw new Error(`bare NOTIFY client: ${reply}`);
  };
  try {
    await lines.waitFor((line) => line.startsWith('* OK'));
    await command(`LOGIN ${quote(options.user)} ${quote(options.password)}`);
    lines.onLine = (line) => {
      const at = performance.now();
      const path = statusName(line);
      if (path === undefined) return;
      const event: BareStatusEvent = { path, at, items: statusItems(line) };
      options.onStatus?.(event);
      events.emit('status', event);
    };
    // MessageExpunge too: RFC 5465 requires it with MessageNew, and Dovecot 2.4 enforces that.
    const wanted = (options.events ?? ['MessageNew', 'MessageExpunge']).join(' ');
    await command(`NOTIFY SET ${options.initialStatus ? 'STATUS ' : ''}(mailboxes (${options.folders.map(quote).join(' ')}) (${wanted}))`);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  socket.on('error', (error) => {
    if (events.listenerCount('error') > 0) events.emit('error', error);
  });
  return {
    events,
    close: async () => {
      if (socket.destroyed) return;
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      await command('LOGOUT').catch(() => undefined);
      socket.destroy();
      await closed;
    },
  };
}

/** The mailbox of `* STATUS <mailbox> (...)`: an atom or a quoted string (a literal only for 8-bit names). */
function statusName(line: string): string | undefined {
  const match = /^\* STATUS (?:"((?:[^"\\]|\\.)*)"|([^\s(]+)) \(/i.exec(line);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

/** The `ITEM number` pairs inside the parentheses at the end of a STATUS line. */
function statusItems(line: string): Record<string, number> {
  const items: Record<string, number> = {};
  const list = /\(([^()]*)\)\s*$/.exec(line)?.[1] ?? '';
  for (const match of list.matchAll(/([A-Z-]+) (\d+)/gi)) items[match[1]!.toUpperCase()] = Number(match[2]);
  return items;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
