// Test harness, part 3: stops a Dovecot and every process it started, also when a test run ends without stop().
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const STOP_TIMEOUT_MS = 10_000;

/** Running masters and the temp dir each one uses. */
const liveChildren = new Map<ChildProcess, string>();
let exitHookInstalled = false;

// An aborted test run (failed beforeAll, forgotten stop()) must not leave a Dovecot behind.
export function trackChild(child: ChildProcess, rootDir: string): void {
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
export async function terminate(child: ChildProcess): Promise<void> {
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
