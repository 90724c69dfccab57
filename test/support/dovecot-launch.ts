// Test harness, part 2: starts Dovecot as a child process on free ports and waits until it answers, retrying on a port race.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { connect as netConnect, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { getSystemErrorName } from 'node:util';
import { HOST, renderConfig, type DovecotOptions, type Paths, type Ports, type RunIdentity } from './dovecot-config';
import { terminate, trackChild } from './dovecot-stop';

const MAX_START_ATTEMPTS = 4;
export const LOG_TAIL_LINES = 40;

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

export async function launchWithRetries(
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

/** Starts Dovecot on these ports with the config already written (a restart after kill() uses the same ones). */
export async function launch(paths: Paths, ports: Ports, options: DovecotOptions, timeoutMs: number): Promise<ChildProcess> {
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

export async function tailFile(path: string, lines: number): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
