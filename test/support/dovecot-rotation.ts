// Test harness: makes Dovecot rotate an index log now (the mailbox-list index, or INBOX's own), as a busy mailbox does every few hours.
//
// Why tests need it: Dovecot 2.3 keeps its NOTIFY inotify watch on the log file it saw first. After a rotation
// (link to .log.2, rename a new file over the name) the watch sits on the old inode, and folder changes reach a
// session opened before the rotation only at its 30 s timer (docs/freshness.md). A test that never rotates
// never sees that. Rotation happens on a write once the log is big enough: > 64 KB for dovecot.list.index.log
// (hard-coded in mailbox-list-index.c), > 1 MB for a mailbox's dovecot.index.log (mail_index_log_rotate_max_size;
// the "32 KB and older than 5 minutes" rule needs a 5-minute wait). So flags are toggled, pipelined, until the
// log's inode changes: ~360 \Seen toggles in a folder for the list index, ~44 000 \Flagged toggles in INBOX.
// Exactly one rotation: a session whose view of the list index falls two rotations behind makes Dovecot 2.3.19
// crash its imap process (SIGSEGV after "Missing middle file"), which is another bug (docs/freshness.md), and a
// reconnect would hide the one under test. So the toggles go in batches well under the rotation size.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';

export type IndexLog = 'list' | 'INBOX';

export interface RotationTarget {
  host: string;
  imapsPort: number;
  certPem: string;
  rootDir: string;
}

export interface RotationResult {
  /** Flag toggles it took (each one a small write to the log). */
  toggles: number;
}

/** A folder of the harness's own, so the toggles behind a list-index rotation change no folder a test watches. */
export const ROTATION_FOLDER = 'mailbadge-rotation';

/** Pipelined toggles between two looks at the inode: ~4.5 KB of the list log's 64 KB, ~24 KB of INBOX's 1 MB. */
const BATCH: Record<IndexLog, number> = { list: 24, INBOX: 1_000 };
/** Well above what Dovecot 2.3.19 needs (~360 and ~44 000); past this its rotation rules must have changed. */
const MAX_TOGGLES: Record<IndexLog, number> = { list: 20_000, INBOX: 200_000 };

/**
 * Rotates the user's list index log (`list`: \Seen toggles on a message in ROTATION_FOLDER, created with one read
 * message if missing) or INBOX's index log (`INBOX`: \Flagged toggles on INBOX's first message; a read message
 * is added when INBOX is empty). Sessions watching INBOX see FlagChange noise (HIGHESTMODSEQ only), no count change.
 */
export async function forceIndexLogRotation(server: RotationTarget, user: string, password: string, which: IndexLog): Promise<RotationResult> {
  const maildir = join(server.rootDir, 'home', user, 'Maildir');
  const logPath = join(maildir, which === 'list' ? 'dovecot.list.index.log' : 'dovecot.index.log');
  const session = await RawSession.open(server, user, password);
  try {
    const folder = which === 'list' ? ROTATION_FOLDER : 'INBOX';
    const flag = which === 'list' ? '\\Seen' : '\\Flagged';
    if (which === 'list') await session.command(`CREATE ${ROTATION_FOLDER}`, { allowNo: true });
    const selected = await session.command(`SELECT ${folder}`);
    if (!/^\* [1-9]\d* EXISTS$/m.test(selected)) await session.command(`APPEND ${folder} (\\Seen) {${FILLER.length}+}\r\n${FILLER}`);
    await session.command(`SELECT ${folder}`);
    const before = inodeOf(logPath);
    let toggles = 0;
    while (inodeOf(logPath) === before) {
      if (toggles >= MAX_TOGGLES[which]) {
        throw new Error(`forceIndexLogRotation: ${logPath} did not rotate after ${toggles} flag toggles; have Dovecot's log rotation sizes changed?`);
      }
      // An even batch leaves the flag as it was; the NOOP waits until the server has written them all.
      for (let i = 0; i < BATCH[which]; i++, toggles++) session.send(`STORE 1 ${i % 2 === 0 ? '+' : '-'}FLAGS.SILENT (${flag})`);
      await session.command('NOOP');
    }
    await session.command('LOGOUT');
    return { toggles };
  } finally {
    session.close();
  }
}

const FILLER = 'Subject: index log rotation\r\n\r\nA message for the test harness to toggle flags on.\r\n';

function inodeOf(path: string): number {
  try {
    return statSync(path).ino;
  } catch (error) {
    throw new Error(`forceIndexLogRotation: cannot read ${path} (${String(error)}); is the mailbox format still maildir with indexes in the mail root?`);
  }
}

/** Just enough IMAP to pipeline commands: imapflow waits for each reply, which makes 44 000 toggles take minutes. */
class RawSession {
  private buffer = '';
  private tag = 0;
  /** Untagged lines since the last tagged reply. */
  private untagged: string[] = [];
  private readonly waiting = new Map<string, { resolve: (reply: TaggedReply) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly socket: TLSSocket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.read(chunk));
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(this.failure);
      this.waiting.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('forceIndexLogRotation: the server closed the connection')));
  }

  static async open(server: RotationTarget, user: string, password: string): Promise<RawSession> {
    const socket = connect({ host: server.host, port: server.imapsPort, ca: [server.certPem], servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const session = new RawSession(socket);
    await session.command(`LOGIN ${quote(user)} ${quote(password)}`);
    return session;
  }

  send(command: string): string {
    const tag = `r${++this.tag}`;
    this.socket.write(`${tag} ${command}\r\n`);
    return tag;
  }

  /** Sends a command and resolves with the untagged lines before its OK; NO is an error unless allowed. */
  async command(command: string, { allowNo = false } = {}): Promise<string> {
    const tag = this.send(command);
    const reply = await new Promise<TaggedReply>((resolve, reject) => {
      if (this.failure) reject(this.failure);
      else this.waiting.set(tag, { resolve, reject });
    });
    const status = reply.line.split(' ')[1];
    if (status !== 'OK' && !(allowNo && status === 'NO')) throw new Error(`forceIndexLogRotation: "${command.split('\r\n')[0]}" failed: ${reply.line}`);
    return reply.untagged.join('\n');
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\r\n'); end >= 0; end = this.buffer.indexOf('\r\n')) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const tag = /^(r\d+) /.exec(line)?.[1];
      if (tag === undefined) {
        this.untagged.push(line);
        continue;
      }
      const untagged = this.untagged;
      this.untagged = [];
      this.waiting.get(tag)?.resolve({ line, untagged });
      this.waiting.delete(tag);
    }
  }
}

interface TaggedReply {
  line: string;
  untagged: string[];
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
