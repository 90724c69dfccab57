// A raw IMAP session for timing one command exactly as written (the host's poll commands, the naive check's):
// TLS, LOGIN, then commands one at a time, each timed from write to tagged reply, with the bytes it cost.
import { connect } from 'node:tls';
import { wallClock } from './meter';
import { LineReader } from './line-reader';

export interface RawImapTarget {
  host: string;
  port: number;
  ca: string;
  user: string;
  password: string;
}

export interface RawImap {
  /** Runs one command (text after the tag); resolves with its time and the untagged lines it brought. */
  run(command: string, timeoutMs?: number): Promise<{ ms: number; lines: string[] }>;
  logout(): Promise<void>;
}

export async function openRawImap(target: RawImapTarget): Promise<RawImap> {
  const socket = connect({ host: target.host, port: target.port, ca: [target.ca], servername: 'localhost' });
  const reader = new LineReader(socket);
  const untagged: string[] = [];
  reader.onLine = (line) => {
    if (line.startsWith('* ')) untagged.push(line);
  };
  let tag = 0;
  const run = async (command: string, timeoutMs = 120_000) => {
    const id = `r${++tag}`;
    untagged.length = 0;
    const start = wallClock();
    socket.write(`${id} ${command}\r\n`);
    const reply = await reader.waitFor((line) => line.startsWith(`${id} `), timeoutMs);
    const ms = wallClock() - start;
    if (!reply.startsWith(`${id} OK`)) throw new Error(`${command.split(' ')[0]} failed: ${reply}`);
    return { ms, lines: [...untagged] };
  };
  await reader.waitFor((line) => line.startsWith('* OK'));
  await run(`LOGIN ${quote(target.user)} ${quote(target.password)}`);
  return {
    run,
    logout: async () => {
      await run('LOGOUT').catch(() => undefined);
      socket.destroy();
    },
  };
}

export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}

/** The host's poll of these folders (design.md): one `LIST "" (names) RETURN (STATUS (…))`. */
export function listStatusCommand(folders: readonly string[]): string {
  return `LIST "" (${folders.map(quote).join(' ')}) RETURN (STATUS (MESSAGES UNSEEN UIDNEXT UIDVALIDITY))`;
}
