// An in-memory IMAP peer for contract tests that need imapflow's real connection machinery but no server: scripted replies over imapflow's streams transport.
import { createStreamsTransport, ImapFlow } from 'imapflow';

/** What the peer writes back for one command line (CRLF added per line); undefined for the default answer. */
export type Script = (command: { tag: string; verb: string; args: string; line: string }) => string[] | undefined;

export interface ScriptedPeer {
  /** A logged-in imapflow client talking to the peer (logger off, auto-IDLE after 5 ms unless overridden). */
  client: ImapFlow;
  /** Every line the client wrote, in order (DONE included). */
  received: string[];
  /** Lines the client wrote since `from`, tags stripped ("IDLE", "DONE", "STATUS INBOX (MESSAGES)"). */
  commandsSince(from: number): string[];
}

/**
 * Greets with IMAP4rev1 + IDLE, accepts any login, answers SELECT/EXAMINE with an empty folder, IDLE with
 * "+ idling" (and its OK on DONE), LOGOUT with BYE, anything else with a bare OK, unless `script` says otherwise.
 */
export async function connectToScriptedPeer(script: Script = () => undefined, options: { autoIdleDelay?: number } = {}): Promise<ScriptedPeer> {
  const toClient = new TransformStream<Uint8Array, Uint8Array>();
  const toPeer = new TransformStream<Uint8Array, Uint8Array>();
  const writer = toClient.writable.getWriter();
  let closed = false;
  // Nothing may be written once the client closed the stream (Node's web streams assert on it).
  const send = (lines: string[]): void => {
    if (!closed) writer.write(new TextEncoder().encode(lines.map((line) => `${line}\r\n`).join(''))).catch(() => undefined);
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    writer.close().catch(() => undefined);
  };
  const received: string[] = [];
  let idleTag: string | undefined;

  const answer = (line: string): void => {
    received.push(line);
    if (line === 'DONE') return send([`${idleTag} OK IDLE done`]);
    const [tag = '', verb = '', ...rest] = line.split(' ');
    const scripted = script({ tag, verb: verb.toUpperCase(), args: rest.join(' '), line });
    if (scripted) return send(scripted);
    switch (verb.toUpperCase()) {
      case 'IDLE':
        idleTag = tag;
        return send(['+ idling']);
      case 'SELECT':
      case 'EXAMINE':
        return send(['* 0 EXISTS', '* OK [UIDVALIDITY 1] ok', '* OK [UIDNEXT 1] ok', `${tag} OK done`]);
      case 'LOGOUT':
        return send(['* BYE', `${tag} OK bye`]);
      default:
        return send([`${tag} OK done`]);
    }
  };
  void (async () => {
    const reader = toPeer.readable.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        answer(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  send(['* OK [CAPABILITY IMAP4rev1 IDLE] scripted peer ready']);

  const transport = createStreamsTransport({
    open: () => ({ opened: Promise.resolve({ readable: toClient.readable, writable: toPeer.writable }), close }),
  });
  const client = new ImapFlow({ host: 'scripted.invalid', port: 143, secure: false, auth: { user: 'u', pass: 'p' }, logger: false, transport, autoIdleDelay: options.autoIdleDelay ?? 5 });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    received,
    commandsSince: (from) => received.slice(from).map((line) => (line === 'DONE' ? line : line.slice(line.indexOf(' ') + 1))),
  };
}
