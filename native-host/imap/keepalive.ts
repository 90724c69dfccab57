// Keeps a quiet connection alive with NOOP, where nothing else (IDLE, our own commands) talks to the server.
import type { ImapFlow } from 'imapflow';

// imapflow's own default socketTimeout: with no traffic for this long it fails the connection.
const IMAPFLOW_SOCKET_TIMEOUT_MS = 5 * 60_000;

/**
 * NOOP while the connection is otherwise quiet: in authenticated state imapflow fails the connection after
 * socketTimeout of silence, and servers drop sessions idle for 30 min. Skipped while imapflow IDLEs (IDLE is
 * its own keepalive, and a NOOP would only break it) or has written recently. Returns the function that stops it.
 */
export function startKeepalive(client: ImapFlow, keepaliveMs: number): () => void {
  if (!(keepaliveMs > 0)) return () => undefined;
  const socketTimeout = Number(client.options.socketTimeout) || IMAPFLOW_SOCKET_TIMEOUT_MS;
  const interval = Math.min(keepaliveMs, socketTimeout / 2);
  const timer = setInterval(() => {
    const quietFor = Date.now() - (client.lastClientWrite ?? 0);
    if (!client.usable || client.idling || quietFor < interval / 2) return;
    // noop() goes through run(), so it queues politely behind whatever else is running.
    client.noop().catch(() => undefined);
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}
