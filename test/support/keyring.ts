// A private, unlocked Secret Service for one test file: its own D-Bus session bus and gnome-keyring in a temp HOME.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyringEnv {
  DBUS_SESSION_BUS_ADDRESS: string;
  HOME: string;
  XDG_DATA_HOME: string;
  XDG_CONFIG_HOME: string;
  XDG_CACHE_HOME: string;
  XDG_RUNTIME_DIR: string;
}

export interface PrivateKeyring {
  /** Everything a process needs to reach this keyring and nothing of the real user's. */
  env: KeyringEnv;
  pids: { bus: number; keyring: number };
  /** Why the keyring can no longer answer (a daemon exited: code or signal, and what it said), or undefined. */
  whyGone(): string | undefined;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 10_000;

export async function startKeyring(): Promise<PrivateKeyring> {
  const dir = await mkdtemp(join(tmpdir(), 'mailbadge-keyring-'));
  const env: KeyringEnv = {
    DBUS_SESSION_BUS_ADDRESS: '',
    HOME: join(dir, 'home'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
    XDG_RUNTIME_DIR: join(dir, 'run'),
  };
  for (const path of [env.HOME, env.XDG_DATA_HOME, env.XDG_CONFIG_HOME, env.XDG_CACHE_HOME, env.XDG_RUNTIME_DIR]) {
    await mkdir(path, { recursive: true, mode: 0o700 });
  }
  const children: ChildProcess[] = [];
  // If the test process dies without calling stop(), the daemons must not outlive it.
  const killAll = () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
  process.on('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    await Promise.all(children.map(terminate));
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const bus = spawn('dbus-daemon', [`--config-file=${await writeBusConfig(dir, env.XDG_RUNTIME_DIR)}`, '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(bus);
    env.DBUS_SESSION_BUS_ADDRESS = await firstLine(bus, 'dbus-daemon');

    const daemonEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env };
    const keyring = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env: daemonEnv,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    children.push(keyring);
    // --unlock reads the login keyring's password from stdin up to EOF, creating that keyring unlocked.
    keyring.stdin?.end(randomBytes(12).toString('hex'));
    const said = { keyring: '', bus: '' };
    keyring.stderr?.on('data', (chunk: Buffer) => (said.keyring = (said.keyring + chunk.toString()).slice(-2000)));
    bus.stderr?.on('data', (chunk: Buffer) => (said.bus = (said.bus + chunk.toString()).slice(-2000)));
    await waitForDefaultCollection(daemonEnv, keyring);
    const whyGone = () => {
      for (const [name, child] of [['gnome-keyring-daemon', keyring], ['dbus-daemon', bus]] as const) {
        if (child.exitCode !== null || child.signalCode !== null) {
          return `${name} exited (${child.exitCode ?? child.signalCode}): ${said[name === 'dbus-daemon' ? 'bus' : 'keyring'] || 'it said nothing'}`;
        }
      }
      return undefined;
    };
    return { env, pids: { bus: bus.pid ?? -1, keyring: keyring.pid ?? -1 }, whyGone, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

// Our own bus config, without the system's service directories: nothing is auto-activated behind our back (the
// stock session.conf would start a second gnome-keyring on first use), and the socket lives in the temp dir.
async function writeBusConfig(dir: string, socketDir: string): Promise<string> {
  const path = join(dir, 'session.conf');
  await writeFile(
    path,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${socketDir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  return path;
}

function firstLine(child: ChildProcess, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${name} printed no address within ${START_TIMEOUT_MS} ms: ${err}`)), START_TIMEOUT_MS);
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      resolve(out.slice(0, newline).trim());
    });
    child.once('error', (error) => reject(new Error(`Cannot start ${name} (install the dbus package): ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${name} exited with ${String(code)}: ${err}`)));
  });
}

// Ready means more than "the name is on the bus": stores go to the default collection, so wait until it exists.
async function waitForDefaultCollection(env: NodeJS.ProcessEnv, keyring: ChildProcess): Promise<void> {
  let err = '';
  keyring.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let spawnError: Error | undefined;
  keyring.once('error', (error) => (spawnError = error));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`Cannot start gnome-keyring-daemon (install the gnome-keyring package): ${spawnError.message}`);
    if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${keyring.exitCode}: ${err}`);
    const alias = await dbusSend(env, [
      '--dest=org.freedesktop.secrets',
      '/org/freedesktop/secrets',
      'org.freedesktop.Secret.Service.ReadAlias',
      'string:default',
    ]);
    if (/object path "\/org\/freedesktop\/secrets\/collection\//.test(alias)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gnome-keyring-daemon had no default collection after ${START_TIMEOUT_MS} ms: ${err}`);
}

function dbusSend(env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile('dbus-send', ['--session', '--print-reply', '--reply-timeout=1000', ...args], { env, timeout: 2_000, encoding: 'utf8' }, (_error, stdout) =>
      resolve(stdout),
    );
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
