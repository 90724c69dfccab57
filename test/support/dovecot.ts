// Test harness: starts a real, throwaway Dovecot IMAP server as a child process, for integration/E2E tests and demos.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { getSystemErrorName, promisify } from 'node:util';
import { ImapFlow } from 'imapflow';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users?: DovecotUser[];
  /** When set, written as dovecot's `imap_capability = ...` (lets tests drop NOTIFY/IDLE). */
  imapCapability?: string;
  /** How long to wait for the server to come up, per attempt. Default 15 000 ms. */
  startupTimeoutMs?: number;
  /** Dovecot executable. Default: $DOVECOT_BIN, else /usr/sbin/dovecot, else `dovecot` on PATH. */
  binary?: string;
}

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
  /** Last lines of Dovecot's log. */
  readLogTail(lines?: number): Promise<string>;
  /** Stops Dovecot, waits for its processes to exit, deletes rootDir. Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_USERS: readonly DovecotUser[] = [{ user: 'alice', password: 'alice-secret' }];
const DEFAULT_STARTUP_TIMEOUT_MS = 15_000;
const MAX_START_ATTEMPTS = 4;
const STOP_TIMEOUT_MS = 10_000;
const LOG_TAIL_LINES = 40;

const execFileAsync = promisify(execFile);

/** Who Dovecot's processes run as, and who owns the mail. */
interface RunIdentity {
  loginUser: string;
  internalUser: string;
  internalGroup: string;
  mailUid: number;
  mailGid: number;
}

interface Paths {
  rootDir: string;
  configPath: string;
  logPath: string;
  stderrPath: string;
  passwdPath: string;
  certPath: string;
  keyPath: string;
  baseDir: string;
  stateDir: string;
  homeDir(user: string): string;
}

interface Ports {
  imapPort: number;
  imapsPort: number;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const users = (options.users ?? DEFAULT_USERS).map((u) => ({ ...u }));
  validateUsers(users);
  validateCapability(options.imapCapability);
  const paths = makePaths(await mkdtemp(join(tmpdir(), 'mailbadge-dovecot-')));
  try {
    const identity = await resolveRunIdentity();
    await prepareFilesystem(paths, users, identity);
    const certPem = await generateCertificate(paths);
    const timeoutMs = options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    const { child, ports } = await launchWithRetries(paths, identity, options, timeoutMs);
    return createServerHandle({ child, ports, paths, users, certPem });
  } catch (error) {
    await rm(paths.rootDir, { recursive: true, force: true });
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Setup

function validateUsers(users: DovecotUser[]): void {
  if (users.length === 0) throw new Error('startDovecot: at least one user is needed');
  for (const { user, password } of users) {
    // The passwd-file is colon-separated and line-based; these characters would corrupt it.
    if (!/^[A-Za-z0-9._@+-]+$/.test(user)) throw new Error(`startDovecot: unsupported user name ${JSON.stringify(user)}`);
    if (/[:\r\n]/.test(password) || password.length === 0) {
      throw new Error(`startDovecot: password of ${user} must be non-empty without ':' or line breaks`);
    }
  }
}

function validateCapability(capability: string | undefined): void {
  // A line break would let the value inject further configuration lines.
  if (capability !== undefined && /[\r\n]/.test(capability)) {
    throw new Error('startDovecot: imapCapability must be a single line');
  }
}

function makePaths(rootDir: string): Paths {
  return {
    rootDir,
    configPath: join(rootDir, 'dovecot.conf'),
    logPath: join(rootDir, 'dovecot.log'),
    stderrPath: join(rootDir, 'dovecot.stderr'),
    passwdPath: join(rootDir, 'passwd'),
    certPath: join(rootDir, 'cert.pem'),
    keyPath: join(rootDir, 'key.pem'),
    baseDir: join(rootDir, 'run'),
    stateDir: join(rootDir, 'state'),
    homeDir: (user) => join(rootDir, 'home', user),
  };
}

async function resolveRunIdentity(): Promise<RunIdentity> {
  if (process.getuid?.() === 0) {
    // imap-login refuses to run as root, so use the unprivileged accounts the Debian package creates.
    return {
      loginUser: 'dovenull',
      internalUser: 'dovecot',
      internalGroup: 'dovecot',
      mailUid: await idNumber('-u', 'dovecot'),
      mailGid: await idNumber('-g', 'dovecot'),
    };
  }
  // Without root Dovecot cannot switch users, so every process (and the mail) is ours.
  const me = userInfo();
  const { stdout } = await execFileAsync('id', ['-gn']);
  return { loginUser: me.username, internalUser: me.username, internalGroup: stdout.trim(), mailUid: me.uid, mailGid: me.gid };
}

async function idNumber(flag: '-u' | '-g', name: string): Promise<number> {
  try {
    const { stdout } = await execFileAsync('id', [flag, name]);
    return Number(stdout.trim());
  } catch {
    throw new Error(`startDovecot: system user "${name}" is missing (install the dovecot-imapd package)`);
  }
}

async function prepareFilesystem(paths: Paths, users: DovecotUser[], identity: RunIdentity): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  // mkdtemp creates 0700; Dovecot's unprivileged processes must traverse it to reach the homes.
  await chmod(paths.rootDir, 0o755);
  await mkdir(join(paths.rootDir, 'home'), { mode: 0o755 });
  for (const { user } of users) {
    const home = paths.homeDir(user);
    await mkdir(home, { mode: 0o700 });
    if (asRoot) await chown(home, identity.mailUid, identity.mailGid);
  }
  await writeFile(paths.passwdPath, renderPasswdFile(paths, users, identity), { mode: 0o600 });
  // The auth process may run as the internal user; keep the file unreadable for anyone else.
  if (asRoot) await chown(paths.passwdPath, identity.mailUid, identity.mailGid);
}

function renderPasswdFile(paths: Paths, users: DovecotUser[], identity: RunIdentity): string {
  return users
    .map(({ user, password }) => `${user}:{PLAIN}${password}:${identity.mailUid}:${identity.mailGid}::${paths.homeDir(user)}::\n`)
    .join('');
}

async function generateCertificate(paths: Paths): Promise<string> {
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
    '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', paths.keyPath, '-out', paths.certPath,
  ]);
  await chmod(paths.keyPath, 0o600);
  return readFile(paths.certPath, 'utf8');
}

function renderConfig(paths: Paths, identity: RunIdentity, ports: Ports, options: DovecotOptions): string {
  const specialUse = (name: string, flag: string): string =>
    `  mailbox ${name} {\n    special_use = \\${flag}\n    auto = subscribe\n  }`;
  return [
    '# Generated by test/support/dovecot.ts for a throwaway test server.',
    'protocols = imap',
    `listen = ${HOST}`,
    `base_dir = ${paths.baseDir}`,
    `state_dir = ${paths.stateDir}`,
    `log_path = ${paths.logPath}`,
    `info_log_path = ${paths.logPath}`,
    `debug_log_path = ${paths.logPath}`,
    `default_login_user = ${identity.loginUser}`,
    `default_internal_user = ${identity.internalUser}`,
    `default_internal_group = ${identity.internalGroup}`,
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    'ssl = yes',
    `ssl_cert = <${paths.certPath}`,
    `ssl_key = <${paths.keyPath}`,
    'disable_plaintext_auth = yes',
    'auth_mechanisms = plain login',
    // Tests try wrong passwords on purpose; don't make every failure cost 2 s (0.5 s remains).
    'auth_failure_delay = 0',
    'mail_location = maildir:~/Maildir',
    ...(options.imapCapability === undefined ? [] : [`imap_capability = ${options.imapCapability}`]),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${paths.passwdPath}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${paths.passwdPath}`,
    '}',
    'namespace inbox {',
    '  inbox = yes',
    specialUse('Drafts', 'Drafts'),
    specialUse('Sent', 'Sent'),
    specialUse('Trash', 'Trash'),
    specialUse('Junk', 'Junk'),
    '}',
    'service imap-login {',
    // An empty chroot lets imap-login run without a root-owned chroot directory.
    '  chroot =',
    '  inet_listener imap {',
    `    address = ${HOST}`,
    `    port = ${ports.imapPort}`,
    '  }',
    '  inet_listener imaps {',
    `    address = ${HOST}`,
    `    port = ${ports.imapsPort}`,
    '    ssl = yes',
    '  }',
    '}',
    'service anvil {',
    '  chroot =',
    // All test clients share 127.0.0.1, so after a few wrong passwords anvil's per-IP penalty
    // would delay every later login (4 s, 8 s, ...). Auth disables the penalty silently when it
    // finds no socket under the expected name; login_trusted_networks does not help in 2.3.
    '  unix_listener anvil-auth-penalty {',
    '    path = anvil-auth-penalty-disabled',
    '  }',
    '}',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Start and readiness

function dovecotBinary(options: DovecotOptions): string {
  if (options.binary) return options.binary;
  if (process.env.DOVECOT_BIN) return process.env.DOVECOT_BIN;
  return existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';
}

class StartupError extends Error {
  constructor(
    message: string,
    readonly portInUse: boolean,
  ) {
    super(message);
  }
}

async function launchWithRetries(
  paths: Paths,
  identity: RunIdentity,
  options: DovecotOptions,
  timeoutMs: number,
): Promise<{ child: ChildProcess; ports: Ports }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await findFreePorts();
    await writeFile(paths.configPath, renderConfig(paths, identity, ports, options));
    try {
      return { child: await launch(paths, ports, options, timeoutMs), ports };
    } catch (error) {
      // Another process may grab a port between our probe and Dovecot's bind; new ports fix that.
      const retry = error instanceof StartupError && error.portInUse && attempt < MAX_START_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

/** Ports the OS considers free right now (bind port 0, note the port, release it). */
async function findFreePorts(): Promise<Ports> {
  const holders = await Promise.all([bindEphemeral(), bindEphemeral()]);
  const [imapPort, imapsPort] = holders.map((h) => h.port) as [number, number];
  await Promise.all(holders.map((h) => h.close()));
  return { imapPort, imapsPort };
}

function bindEphemeral(): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('unexpected server address'));
        return;
      }
      resolve({ port: address.port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

async function launch(paths: Paths, ports: Ports, options: DovecotOptions, timeoutMs: number): Promise<ChildProcess> {
  // Old logs would mislead the error message of this attempt.
  await rm(paths.logPath, { force: true });
  const stderrFile = await open(paths.stderrPath, 'w');
  let child: ChildProcess;
  try {
    // -F keeps the master in the foreground as our child, so it shares our fate and process group.
    // Output goes to a file rather than a pipe, so an open pipe never keeps Node's event loop alive.
    child = spawn(dovecotBinary(options), ['-F', '-c', paths.configPath], { stdio: ['ignore', stderrFile.fd, stderrFile.fd] });
    // Before any await: a spawn failure is emitted on the next tick and must find a listener.
    trackChild(child, paths.rootDir);
  } finally {
    await stderrFile.close();
  }
  try {
    await waitUntilReady(child, ports, timeoutMs);
    return child;
  } catch (error) {
    await terminate(child);
    const logs = await describeLogs(paths);
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(`Dovecot did not start: ${reason}\n${logs}`, /address already in use/i.test(logs));
  }
}

async function waitUntilReady(child: ChildProcess, ports: Ports, timeoutMs: number): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      // Node reports a failed spawn as an exit with a negative errno before its 'error' event.
      const message =
        code !== null && code < 0
          ? `could not run ${child.spawnfile} (${getSystemErrorName(code)}); set options.binary or DOVECOT_BIN`
          : `dovecot exited during startup (code ${code}, signal ${signal})`;
      reject(new Error(message));
    };
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
    child.once('exit', onExit);
    child.once('error', reject);
  });
  exited.catch(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await Promise.race([isReady(ports), exited]);
    if (ready) return;
    await Promise.race([sleep(100), exited]);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ports ${ports.imapPort} (imap) and ${ports.imapsPort} (imaps)`);
}

async function isReady(ports: Ports): Promise<boolean> {
  const [imapsOpen, greeting] = await Promise.all([acceptsTcp(ports.imapsPort), readGreeting(ports.imapPort)]);
  return imapsOpen && greeting !== undefined && greeting.startsWith('* OK');
}

function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: HOST, port });
    socket.setTimeout(1000);
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

/** First line the server sends on a plain connection, or undefined if none arrives. */
function readGreeting(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket: Socket = netConnect({ host: HOST, port });
    let received = '';
    socket.setTimeout(2000);
    const finish = (line: string | undefined): void => {
      socket.destroy();
      resolve(line);
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n');
      if (end >= 0) finish(received.slice(0, end));
    });
    socket.once('error', () => finish(undefined));
    socket.once('timeout', () => finish(undefined));
    socket.once('close', () => finish(undefined));
  });
}

async function describeLogs(paths: Paths): Promise<string> {
  const log = await tailFile(paths.logPath, LOG_TAIL_LINES);
  const stderr = await tailFile(paths.stderrPath, LOG_TAIL_LINES);
  return ['--- dovecot.log (last lines) ---', log || '(empty)', '--- dovecot stderr ---', stderr || '(empty)'].join('\n');
}

async function tailFile(path: string, lines: number): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Stop and cleanup

/** Running masters and the temp dir each one uses. */
const liveChildren = new Map<ChildProcess, string>();
let exitHookInstalled = false;

// An aborted test run (failed beforeAll, forgotten stop()) must not leave a Dovecot behind.
function trackChild(child: ChildProcess, rootDir: string): void {
  liveChildren.set(child, rootDir);
  child.once('exit', () => liveChildren.delete(child));
  // Spawn failures reach waitUntilReady; a later failed kill() must not crash the test run.
  child.on('error', () => undefined);
  // Let Node exit even if a test forgets stop(); the exit hook then takes Dovecot down.
  child.unref();
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killLiveChildren);
  }
}

function killLiveChildren(): void {
  for (const [child, rootDir] of liveChildren) {
    // SIGTERM lets the master shut down its services; workers still serving one of our clients
    // follow as soon as this process is gone and its sockets close.
    child.kill('SIGTERM');
    // Best effort: an 'exit' hook cannot wait for Dovecot, so a few files may be recreated.
    try {
      rmSync(rootDir, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while the process is exiting.
    }
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Stops the master and waits until it and every process it started are gone.
 * On shutdown the master only tells its workers to stop listening: processes still serving a
 * client (imap, imap-login, and log/anvil/stats/config behind them) would outlive it, orphaned,
 * until that client disconnects. So the workers get their own SIGTERM once the master is gone.
 */
async function terminate(child: ChildProcess): Promise<void> {
  const masterPid = child.pid;
  if (masterPid === undefined) return;
  const workers = new Set(await childPidsOf(masterPid));
  if (!hasExited(child)) {
    // Hold the event loop open until the exit is observed (the child is unref'd otherwise).
    child.ref();
    const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    // Workers forked while the master winds down would otherwise be missed once they are orphaned.
    const collectWorkers = async (): Promise<void> => {
      for (const pid of await childPidsOf(masterPid)) workers.add(pid);
    };
    if (!(await settlesWithin(exit, STOP_TIMEOUT_MS, collectWorkers))) {
      child.kill('SIGKILL');
      await exit;
    }
  }
  const leftovers = [...workers].filter(isAlive);
  signalAll(leftovers, 'SIGTERM');
  await waitForPidsToExit(leftovers, STOP_TIMEOUT_MS);
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Whether `promise` settles within `ms`, running `whileWaiting` every 100 ms meanwhile.
 * Timers are cleared so they never hold the process open.
 */
async function settlesWithin(promise: Promise<unknown>, ms: number, whileWaiting?: () => Promise<void>): Promise<boolean> {
  let settled = false;
  const watched = promise.then(() => {
    settled = true;
  });
  const deadline = Date.now() + ms;
  const cancel = new AbortController();
  try {
    while (!settled && Date.now() < deadline) {
      await whileWaiting?.();
      await Promise.race([watched, sleep(100, undefined, { signal: cancel.signal }).catch(() => undefined)]);
    }
    return settled;
  } finally {
    cancel.abort();
  }
}

/** Direct children of `pid` (Dovecot's master starts all workers itself). Linux only; elsewhere empty. */
async function childPidsOf(pid: number): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the parenthesised command name: state, ppid, ... (the name may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

async function waitForPidsToExit(pids: number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let remaining = pids.filter(isAlive);
  while (remaining.length > 0 && Date.now() < deadline) {
    await sleep(50);
    remaining = remaining.filter(isAlive);
  }
  signalAll(remaining, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means it exists but belongs to someone else (e.g. a worker running as dovecot while we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers signal 0; its state letter says it has finished.
  return !readProcessState(pid).startsWith('Z');
}

function readProcessState(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2);
  } catch {
    return '';
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
}

function createServerHandle({ child, ports, paths, users, certPem }: HandleParts): DovecotServer {
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
    readLogTail: (lines = LOG_TAIL_LINES) => tailFile(paths.logPath, lines),
    stop,
  };
}
