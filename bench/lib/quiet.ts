// Waits until no index-log write has happened for a while: then no Dovecot NOTIFY/IDLE timer is pending, so the
// next change starts every session's 500 ms batching delay from the same point (see docs/performance.md).
import { setTimeout as sleep } from 'node:timers/promises';
import type { IndexLogWatch } from './index-logs';
import { wallClock } from './meter';

/** Resolves once `quietMs` passed without a write to a watched index log (or after `timeoutMs`, returning false). */
export async function waitForQuietLogs(logs: IndexLogWatch, quietMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = wallClock() + timeoutMs;
  for (;;) {
    const last = logs.writes.at(-1)?.at ?? 0;
    const now = wallClock();
    if (now - last >= quietMs) return true;
    if (now > deadline) return false;
    await sleep(Math.max(5, quietMs - (now - last)));
  }
}
