// Sends NOOP on a fixed cadence: the keepalive of a quiet connection, and the question that makes a server report what it has not pushed.
import type { ImapFlow } from 'imapflow';

// imapflow's own default socketTimeout: with no traffic for this long it fails the connection.
const IMAPFLOW_SOCKET_TIMEOUT_MS = 5 * 60_000;

/**
 * NOOP every `everyMs` (at most half of imapflow's socketTimeout), whatever else the connection sends: other
 * commands do not do a NOOP's job. On Dovecot a NOOP delivers the NOTIFY changes its stale inotify watch missed
 * (docs/freshness.md), and on a selected folder it reports new mail and flag changes on servers without IDLE.
 * Skipped while the previous NOOP is still waiting, and while imapflow runs a real IDLE: that reports the
 * selected folder by itself, and a NOOP would only end it (imapflow's NOOP polling on servers without IDLE
 * also counts as idling; breaking that costs nothing). Returns the function that stops it.
 */
export function startNoopCadence(client: ImapFlow, everyMs: number): () => void {
  if (!(everyMs > 0)) return () => undefined;
  const socketTimeout = Number(client.options.socketTimeout) || IMAPFLOW_SOCKET_TIMEOUT_MS;
  const interval = Math.min(everyMs, socketTimeout / 2);
  let waiting = false;
  const timer = setInterval(() => {
    if (!client.usable || waiting || (client.idling && client.capabilities.has('IDLE'))) return;
    waiting = true;
    // noop() goes through run(), so it queues politely behind whatever else is running.
    client
      .noop()
      .catch(() => undefined) // a failed NOOP means a broken connection, which imapflow reports by closing
      .finally(() => (waiting = false));
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
