// An imapflow client that records every command it sends, to count round trips in tests and benchmarks.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export interface ImapTarget {
  host: string;
  port: number;
  /** PEM the client trusts (the test server's self-signed certificate). */
  ca: string;
  user: string;
  password: string;
}

/** The test Dovecot's implicit-TLS port as a target; `port` overrides it (e.g. a byte-counting relay). */
export function dovecotTarget(server: { host: string; imapsPort: number; certPem: string }, user = 'alice', password = 'alice-secret', port = server.imapsPort): ImapTarget {
  return { host: server.host, port, ca: server.certPem, user, password };
}

/** Connects with imapflow's debug log feeding `sent` with each command line; auto-IDLE off unless overridden. */
export async function connectRecording(target: ImapTarget, sent: string[] = [], options: Partial<ImapFlowOptions> = {}): Promise<ImapFlow> {
  const quiet = () => undefined;
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: true,
    auth: { user: target.user, pass: target.password },
    tls: { ca: [target.ca], servername: 'localhost' },
    logger: {
      debug: (entry: { src?: string; msg?: string }) => {
        if (entry.src === 'c' && typeof entry.msg === 'string') sent.push(entry.msg);
      },
      info: quiet,
      warn: quiet,
      error: quiet,
    },
    disableAutoIdle: true,
    ...options,
  });
  await client.connect();
  return client;
}
