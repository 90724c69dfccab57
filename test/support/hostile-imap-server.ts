// A small scripted IMAP server for hostile-server tests: implicit TLS or STARTTLS, any certificate, and named
// scenarios (test/support/hostile-scenarios.ts) that decide how it answers, lies, floods or stalls.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { TestCertificate } from './test-certificates';
import { answerByDefault, capabilitiesOf, type Command, type MailStore, type Scenario, type Wire } from './hostile-imap-answers';

export interface HostileServer {
  port: number;
  security: 'tls' | 'starttls';
  /** Fingerprint of the first certificate it presents (what the test pins). */
  fingerprint256: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Every command line received, on any connection (passwords included: tests check what was sent). */
  received: string[];
  /** The mail it serves; tests may change it (a new message) and the next answers follow. */
  store: MailStore;
  close(): Promise<void>;
}

export interface HostileOptions {
  scenario: Scenario;
  security?: 'tls' | 'starttls';
  /** Presented in turn, one per connection (two alternate); the first is the one to pin. */
  certificates: TestCertificate[];
}

export async function startHostileServer({ scenario, security = 'tls', certificates }: HostileOptions): Promise<HostileServer> {
  const received: string[] = [];
  const store = scenario.store();
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((plain) => {
    const certificate = certificates[accepted++ % certificates.length]!;
    sockets.add(plain);
    plain.on('close', () => sockets.delete(plain));
    plain.on('error', () => undefined);
    const secure = (socket: Socket): TLSSocket => {
      const tls = new TLSSocket(socket, { isServer: true, key: certificate.key, cert: certificate.cert });
      tls.on('error', () => undefined);
      return tls;
    };
    serve(security === 'tls' ? secure(plain) : plain, { scenario, store, received, startTls: security === 'starttls' ? secure : undefined });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    security,
    fingerprint256: certificates[0]!.fingerprint256,
    connections: () => accepted,
    received,
    store,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

interface Session {
  scenario: Scenario;
  store: MailStore;
  received: string[];
  startTls: ((socket: Socket) => TLSSocket) | undefined;
}

/** One connection: greeting, then command lines (with client literals) answered by the scenario or the defaults. */
function serve(initial: Socket, session: Session): void {
  let socket: Socket = initial;
  let closed = false;
  let pending = Buffer.alloc(0);
  let literalWanted = 0;
  let line = '';
  let queue: Promise<void> = Promise.resolve();

  const wire: Wire = {
    state: {},
    get closed() {
      return closed || socket.destroyed;
    },
    raw: (bytes) => {
      if (!wire.closed) socket.write(bytes);
    },
    line: (text) => wire.raw(`${text}\r\n`),
    async flood(chunk, totalBytes = Number.POSITIVE_INFINITY) {
      for (let sent = 0; sent < totalBytes && !wire.closed; sent += chunk.length) {
        if (socket.write(chunk)) continue;
        // Wait for room or the end, then drop both listeners: a long flood waits thousands of times on one socket.
        const waiting = socket;
        await new Promise<void>((resolve) => {
          const done = () => {
            waiting.off('drain', done);
            waiting.off('close', done);
            resolve();
          };
          waiting.once('drain', done);
          waiting.once('close', done);
        });
      }
    },
    upgrade() {
      if (!session.startTls) return;
      socket.removeListener('data', onData);
      socket = session.startTls(socket);
      socket.on('data', onData);
    },
    end: () => socket.end(),
  };

  const run = (command: Command) => {
    queue = queue.then(async () => {
      if (wire.closed) return;
      const handled = session.scenario.onCommand ? await session.scenario.onCommand(command, wire, session.store) : false;
      if (!handled) answerByDefault(command, wire, session.store, session.scenario, session.startTls !== undefined);
    }).catch(() => wire.end());
  };

  function onData(chunk: Buffer): void {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (literalWanted > 0) {
        if (pending.length < literalWanted) return;
        line += pending.subarray(0, literalWanted).toString('utf8');
        pending = pending.subarray(literalWanted);
        literalWanted = 0;
      }
      const end = pending.indexOf('\r\n');
      if (end < 0) return;
      line += pending.subarray(0, end).toString('utf8');
      pending = pending.subarray(end + 2);
      const literal = /\{(\d+)(\+?)\}$/.exec(line);
      if (literal) {
        literalWanted = Number(literal[1]);
        if (!literal[2]) wire.line('+ go ahead');
        continue;
      }
      const complete = line;
      line = '';
      session.received.push(complete);
      run(parseCommand(complete));
    }
  }

  socket.on('data', onData);
  socket.on('close', () => (closed = true));
  const greeting = session.scenario.greeting ?? `* OK [CAPABILITY ${capabilitiesOf(session.scenario, session.startTls !== undefined)}] hostile test server ready`;
  wire.line(greeting);
}

function parseCommand(line: string): Command {
  const [tag = '', first = '', ...rest] = line.split(' ');
  const uid = first.toUpperCase() === 'UID';
  const verb = uid ? `UID ${(rest.shift() ?? '').toUpperCase()}` : first.toUpperCase();
  return { tag, verb, args: rest.join(' '), line };
}
