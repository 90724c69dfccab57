// A loopback TCP relay per contender: counts bytes each way, connections held and opened, and can stamp every
// server-to-client chunk; each relay dials the server from its own loopback source address, so Dovecot's
// per-user-and-IP connection limit applies per contender (as it would per machine), not to all of them at once.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface MeterCounts {
  up: number;
  down: number;
  /** Connections opened since the last reset. */
  opened: number;
}

export interface Meter {
  port: number;
  counts(): MeterCounts;
  /** Connections open now, and the most open at once since the last reset. */
  open(): number;
  peak(): number;
  reset(): void;
  /** Starts a new window for peak(), leaving the byte counts alone. */
  resetPeak(): void;
  /** Called with a wall-clock stamp (ms) for each chunk the server sends (for latency traces). */
  onServerChunk?: (at: number, bytes: number) => void;
  close(): Promise<void>;
}

export interface MeterOptions {
  /** Loopback source addresses to dial from, used in turn per connection (default 127.0.0.1). */
  sourceAddresses?: string[];
}

export const wallClock = (): number => performance.timeOrigin + performance.now();

let nextSource = 10;
/** A fresh block of loopback source addresses (127.0.1.10, …): Linux routes all of 127/8 to lo. */
export function loopbackSources(count: number): string[] {
  return Array.from({ length: count }, () => `127.0.1.${nextSource++ % 250}`);
}

export async function startMeter(targetHost: string, targetPort: number, options: MeterOptions = {}): Promise<Meter> {
  const sources = options.sourceAddresses ?? ['127.0.0.1'];
  let up = 0;
  let down = 0;
  let opened = 0;
  let open = 0;
  let peak = 0;
  let turn = 0;
  const sockets = new Set<Socket>();
  const meter: Meter = {
    port: 0,
    counts: () => ({ up, down, opened }),
    open: () => open,
    peak: () => peak,
    reset: () => {
      up = down = opened = 0;
      peak = open;
    },
    resetPeak: () => {
      peak = open;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    const upstream = connect({ host: targetHost, port: targetPort, localAddress: sources[turn++ % sources.length] });
    sockets.add(client).add(upstream);
    // A relay must not add Nagle or delayed-ACK stalls of its own to what it measures.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    opened++;
    peak = Math.max(peak, ++open);
    client.on('data', (chunk: Buffer) => (up += chunk.length));
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      meter.onServerChunk?.(wallClock(), chunk.length);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    let closed = false;
    const done = (): void => {
      if (closed) return;
      closed = true;
      open--;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', done);
      socket.on('error', done);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  meter.port = (server.address() as AddressInfo).port;
  return meter;
}
