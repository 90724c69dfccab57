// Test harness: starts a real, throwaway Dovecot IMAP server as a child process, for integration/E2E tests and demos.
// The parts: dovecot-config.ts (files and identity), dovecot-launch.ts (start and readiness), dovecot-stop.ts (shutdown).
import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import {
  generateCertificate,
  HOST,
  makePaths,
  prepareFilesystem,
  resolveRunIdentity,
  validateCapability,
  validateSpecialFolders,
  validateUsers,
  type DovecotOptions,
  type DovecotUser,
  type Paths,
  type Ports,
} from './dovecot-config';
import { launch, launchWithRetries, LOG_TAIL_LINES, tailFile } from './dovecot-launch';
import { forceIndexLogRotation, type IndexLog, type RotationResult } from './dovecot-rotation';
import { terminate } from './dovecot-stop';

export type { DovecotOptions, DovecotUser, IndexLog };

export interface DovecotServer {
  host: string;
  /** Implicit TLS listener (imaps). */
  imapsPort: number;
  /**
   * Plain listener offering STARTTLS. Caveat: Dovecot treats a client whose IP equals the server's
   * (127.0.0.1 -> 127.0.0.1) as "secured" and allows plaintext LOGIN despite disable_plaintext_auth;
   * a client bound to another loopback source (e.g. 127.0.0.2 on Linux) sees LOGINDISABLED.
   */
  imapPort: number;
  /** The self-signed certificate (CN=localhost, SAN DNS:localhost, IP:127.0.0.1). */
  certPem: string;
  /** As Node's `new X509Certificate(pem).fingerprint256` prints it ("AB:CD:..."). */
  certFingerprint256: string;
  /** Temp dir holding config, logs, mail and certificate. */
  rootDir: string;
  /** Dovecot's log file, handy when a test fails. */
  logPath: string;
  users: DovecotUser[];
  /** APPEND a raw RFC 822 message; returns the UID if the server tells it (UIDPLUS). */
  append(user: string, folder: string, message: string, flags?: string[]): Promise<number | undefined>;
  createFolder(user: string, path: string): Promise<void>;
  /** Open an imapflow client logged in as `user`, trusting the test cert. Caller must logout. Logger off. */
  connect(user: string): Promise<ImapFlow>;
  /**
   * Makes Dovecot rotate `user`'s mailbox-list index log (`list`) or INBOX's index log (`INBOX`) now, as a busy
   * mailbox does every few hours; sessions opened before it then hear of changes late (see dovecot-rotation.ts).
   */
  forceIndexLogRotation(user: string, which: IndexLog): Promise<RotationResult>;
  /** Last lines of Dovecot's log. */
  readLogTail(lines?: number): Promise<string>;
  /** Kills Dovecot and every process it started (clients see their connections drop and new ones refused); mail stays. */
  kill(): Promise<void>;
  /** Starts the killed Dovecot again, on the same ports with the same mail. */
  restart(): Promise<void>;
  /** Stops Dovecot, waits for its processes to exit, deletes rootDir. Safe to call twice. */
  stop(): Promise<void>;
}

const DEFAULT_USERS: readonly DovecotUser[] = [{ user: 'alice', password: 'alice-secret' }];
const DEFAULT_STARTUP_TIMEOUT_MS = 15_000;

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const users = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  validateUsers(users);
  validateCapability(options.imapCapability);
  validateSpecialFolders(options.specialFolders);
  const paths = makePaths(await mkdtemp(join(tmpdir(), 'mailbadge-dovecot-')));
  try {
    const identity = await resolveRunIdentity();
    await prepareFilesystem(paths, users, identity, options);
    const certPem = await generateCertificate(paths);
    const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    const { child, ports } = await launchWithRetries(paths, identity, options, timeoutMs);
    return createServerHandle({ child, ports, paths, users, certPem, relaunch: () => launch(paths, ports, options, timeoutMs) });
  } catch (error) {
    await rm(paths.rootDir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The handle tests use

interface HandleParts {
  child: ChildProcess;
  ports: Ports;
  paths: Paths;
  users: DovecotUser[];
  certPem: string;
  relaunch(): Promise<ChildProcess>;
}

function createServerHandle({ child: first, ports, paths, users, certPem, relaunch }: HandleParts): DovecotServer {
  let child = first;
  let held: Server[] = [];
  const passwordOf = (user: string): string => {
    const entry = users.find((u) => u.user === user);
    if (!entry) throw new Error(`Dovecot test server has no user "${user}"`);
    return entry.password;
  };

  const connect = async (user: string): Promise<ImapFlow> => {
    const client = new ImapFlow({
      host: HOST,
      port: ports.imapsPort,
      secure: true,
      auth: { user, pass: passwordOf(user) },
      logger: false,
      // servername makes Node check the certificate against "localhost" although we dial an IP.
      tls: { ca: [certPem], servername: 'localhost' },
    });
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  };

  const withClient = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = await connect(user);
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const server of held) server.close();
      await terminate(child);
      await rm(paths.rootDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })();
    return stopping;
  };

  return {
    host: HOST,
    imapPort: ports.imapPort,
    imapsPort: ports.imapsPort,
    certPem,
    certFingerprint256: new X509Certificate(certPem).fingerprint256,
    rootDir: paths.rootDir,
    logPath: paths.logPath,
    users: users.map((u) => ({ ...u })),
    connect,
    append: (user, folder, message, flags) =>
      withClient(user, async (client) => {
        const result = await client.append(folder, message, flags);
        if (!result) throw new Error(`APPEND to "${folder}" returned no result`);
        return result.uid;
      }),
    createFolder: (user, path) =>
      withClient(user, async (client) => {
        await client.mailboxCreate(path);
      }),
    forceIndexLogRotation: (user, which) => forceIndexLogRotation({ host: HOST, imapsPort: ports.imapsPort, certPem, rootDir: paths.rootDir }, user, passwordOf(user), which),
    readLogTail: (lines = LOG_TAIL_LINES) => tailFile(paths.logPath, lines),
    kill: async () => {
      await terminate(child);
      // Other processes on this machine pick free ports too: hold ours while down (refusing every connection, as a
      // dead server does) so the restart finds them free.
      held = await Promise.all([ports.imapPort, ports.imapsPort].map(holdPort));
    },
    restart: async () => {
      await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
      held = [];
      child = await relaunch();
    },
    stop,
  };
}

/** A listener on `port` that drops every connection at once: the port stays ours while the server is down. */
function holdPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, HOST, () => resolve(server));
  });
}
