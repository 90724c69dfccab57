// The latency floor for benchmarks: the least a NOTIFY client can do (raw TLS, LOGIN, NOTIFY SET, read STATUS lines), no imapflow.
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { connect, type TLSSocket } from 'node:tls';

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

const TIMEOUT_MS = 10_000;

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
      if (path !== undefined) events.emit('status', { path, at, items: statusItems(line) } satisfies BareStatusEvent);
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

/** CRLF lines from the socket, with `{n}` literals folded into their line so framing never breaks. */
class LineReader {
  onLine: ((line: string) => void) | undefined;
  private buffer = Buffer.alloc(0);
  private readonly waiters: { match: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }[] = [];

  constructor(socket: TLSSocket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    const fail = (error: Error): void => {
      for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('bare NOTIFY client: connection closed')));
  }

  waitFor(match: (line: string) => boolean): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('bare NOTIFY client: no answer from the server')), TIMEOUT_MS);
      this.waiters.push({
        match,
        resolve: (line) => (clearTimeout(timer), resolve(line)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
    });
  }

  private drain(): void {
    let start = 0;
    let scan = 0;
    for (;;) {
      const end = this.buffer.indexOf('\r\n', scan);
      if (end < 0) break;
      const literal = /\{(\d+)\}$/.exec(this.buffer.toString('latin1', Math.max(start, end - 12), end));
      if (literal) {
        // The literal's bytes follow the CRLF; the line goes on after them.
        const after = end + 2 + Number(literal[1]);
        if (after > this.buffer.length) break;
        scan = after;
        continue;
      }
      this.emit(this.buffer.toString('utf8', start, end));
      start = scan = end + 2;
    }
    this.buffer = this.buffer.subarray(start);
  }

  private emit(line: string): void {
    this.onLine?.(line);
    const index = this.waiters.findIndex((waiter) => waiter.match(line));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(line);
  }
}
