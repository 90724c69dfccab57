// A loopback TCP relay that counts the bytes each way (what a client costs on the wire) and can cut every
// connection at once (a network drop), for benchmarks and tests.
import { createServer, connect, type AddressInfo, type Server } from 'node:net';

export interface TcpMeter {
  port: number;
  /** Bytes from client to server and back, since start or the last reset. */
  bytes(): { up: number; down: number };
  reset(): void;
  connections(): number;
  /** Cuts every open connection, as a network failure would. */
  dropAll(): void;
  /** Cuts the connection (once) right after the client sends something matching `pattern`: a drop mid-command. */
  cutWhenClientSends(pattern: RegExp): Promise<void>;
  /** Open connections stop carrying data without closing, as after a laptop slept; new ones work normally. */
  freezeAll(): void;
  close(): Promise<void>;
}

export async function startTcpMeter(targetHost: string, targetPort: number): Promise<TcpMeter> {
  let up = 0;
  let down = 0;
  let open = 0;
  const sockets = new Set<import('node:net').Socket>();
  const frozen = new WeakSet<import('node:net').Socket>();
  let trigger: { pattern: RegExp; fire(): void } | undefined;
  const server: Server = createServer((incoming) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(incoming).add(upstream);
    // A relay must not add Nagle/delayed-ACK stalls of its own to what it measures.
    incoming.setNoDelay(true);
    upstream.setNoDelay(true);
    open++;
    incoming.on('data', (chunk: Buffer) => {
      up += chunk.length;
      if (frozen.has(incoming)) return;
      upstream.write(chunk);
      if (trigger && trigger.pattern.test(chunk.toString('latin1'))) {
        const fired = trigger;
        trigger = undefined;
        // After the command reached the server, so the cut falls while its answer is due.
        setTimeout(() => {
          incoming.destroy();
          upstream.destroy();
          fired.fire();
        }, 5);
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      if (!frozen.has(incoming)) incoming.write(chunk);
    });
    const done = () => {
      incoming.destroy();
      upstream.destroy();
      sockets.delete(incoming);
      sockets.delete(upstream);
    };
    incoming.on('close', () => {
      open--;
      done();
    });
    incoming.on('error', done);
    upstream.on('error', done);
    upstream.on('close', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    bytes: () => ({ up, down }),
    reset: () => {
      up = 0;
      down = 0;
    },
    connections: () => open,
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    cutWhenClientSends: (pattern) => new Promise((resolve) => (trigger = { pattern, fire: resolve })),
    freezeAll: () => {
      for (const socket of sockets) frozen.add(socket);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
