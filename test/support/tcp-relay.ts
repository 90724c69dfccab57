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
  close(): Promise<void>;
}

export async function startTcpMeter(targetHost: string, targetPort: number): Promise<TcpMeter> {
  let up = 0;
  let down = 0;
  let open = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    // A relay must not add Nagle/delayed-ACK stalls of its own to what it measures.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    open++;
    client.on('data', (chunk: Buffer) => (up += chunk.length));
    upstream.on('data', (chunk: Buffer) => (down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const done = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', () => {
      open--;
      done();
    });
    client.on('error', done);
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
