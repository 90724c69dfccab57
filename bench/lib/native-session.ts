// The host as a browser runs it: started through its installed launcher with an extension origin, spoken to in
// native-messaging frames (4-byte little-endian length + JSON). Every frame is parsed with the shared protocol
// schema and stamped on arrival. Framing is written out here (a few lines) rather than imported from the host.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXTENSION_ID } from '../../lib/extension-identity';
import { HostToExtension, type ExtensionToHost } from '../../lib/protocol';
import { wallClock } from './meter';

/** A request as the extension writes it, before the session gives it an id. */
export type RequestWithoutId = ExtensionToHost extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;

export interface Stamped {
  at: number;
  message: HostToExtension;
}

export class NativeSession {
  readonly received: Stamped[] = [];
  readonly startedAt = wallClock();
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private stderr = '';
  private nextId = 1;

  constructor(launcher: string, env: NodeJS.ProcessEnv, nodeOptions: string[] = []) {
    // Extra Node.js options (a measuring hook) go through NODE_OPTIONS, so the launcher itself is unchanged.
    const environment = nodeOptions.length ? { ...env, NODE_OPTIONS: nodeOptions.join(' ') } : env;
    this.child = spawn(launcher, [`chrome-extension://${EXTENSION_ID}/`], { env: environment });
    this.child.stdout.on('data', (chunk: Buffer) => this.take(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Sends a request with a fresh id; returns the id. */
  send(request: RequestWithoutId): string {
    const id = `bench-${this.nextId++}`;
    const body = Buffer.from(JSON.stringify({ ...request, id }));
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length);
    this.child.stdin.write(Buffer.concat([header, body]));
    return id;
  }

  /** The first message (from index `from` on) that matches, waiting up to `timeoutMs`. */
  async waitFor(match: (message: HostToExtension) => boolean, timeoutMs = 30_000, from = 0): Promise<Stamped> {
    const deadline = wallClock() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find((stamped) => match(stamped.message));
      if (found) return found;
      if (this.child.exitCode !== null) throw new Error(`the host exited (${this.child.exitCode}): ${this.stderr}`);
      if (wallClock() > deadline) throw new Error(`no matching message from the host within ${timeoutMs} ms; stderr: ${this.stderr}`);
      await sleep(2);
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private take(chunk: Buffer): void {
    const at = wallClock();
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32LE(0);
      if (length > 1024 * 1024) throw new Error(`the host sent a frame of ${length} bytes, over the 1 MB limit`);
      if (this.buffer.length < 4 + length) break;
      const message = HostToExtension.parse(JSON.parse(this.buffer.toString('utf8', 4, 4 + length)));
      this.buffer = this.buffer.subarray(4 + length);
      this.received.push({ at, message });
    }
  }
}
