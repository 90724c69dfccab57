// CRLF lines from an IMAP socket, with `{n}` literals folded into their line so framing never breaks, and waiters
// for a line (a tagged reply) with a timeout. Shared by the bench's raw clients (no imapflow, no features).
import type { TLSSocket } from 'node:tls';

const TIMEOUT_MS = 10_000;

/** CRLF lines from the socket, with `{n}` literals folded into their line so framing never breaks. */
export class LineReader {
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
    socket.on('close', () => fail(new Error('the IMAP connection closed')));
  }

  waitFor(match: (line: string) => boolean, timeoutMs = TIMEOUT_MS): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer from the IMAP server')), timeoutMs);
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
