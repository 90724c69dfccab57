// Talks to the built host the way Chromium does: spawns it with an origin argument and exchanges framed JSON.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { EXTENSION_ID } from '../../lib/extension-identity';
import { HOST_NODE_FLAGS } from '../../native-host/install/launcher';
import { FrameDecoder } from '../../native-host/messaging/framing';
import { hostEnvironment, type HostEnv } from './host';
import { HOST_BUNDLE } from './paths';

export class NativeClient {
  readonly messages: unknown[] = [];
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  readonly exited: Promise<number | null>;

  /**
   * `launcherFlags`: run with the V8 flags the installed launcher uses (its heap limit), as a browser would start it;
   * 'half-heap': the same with half its old-space limit, to show the headroom the limit leaves for the largest inputs.
   */
  constructor(env: HostEnv, options: { launcherFlags?: boolean | 'half-heap'; environment?: NodeJS.ProcessEnv } = {}) {
    const flags = options.launcherFlags === 'half-heap' ? halfHeap(HOST_NODE_FLAGS) : options.launcherFlags ? HOST_NODE_FLAGS : [];
    this.child = spawn(process.execPath, [...flags, HOST_BUNDLE, `chrome-extension://${EXTENSION_ID}/`], { env: { ...hostEnvironment(env), ...options.environment } });
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const frame of this.decoder.push(chunk)) {
        // Anything on stdout that is not a JSON frame is a defect: record it so a test can fail on it.
        this.messages.push(frame.ok ? frame.value : { notAFrame: frame.reason });
      }
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('close', resolve));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Peak resident memory of the host process so far (VmHWM), in bytes; undefined once it has exited. */
  peakRss(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
      return kb === undefined ? undefined : Number(kb) * 1024;
    } catch {
      return undefined;
    }
  }

  /** Writes raw bytes to the host's stdin, as they are (for split, trickled or corrupt frames). */
  writeBytes(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  send(message: unknown): void {
    this.writeRaw(Buffer.from(JSON.stringify(message)));
  }

  writeRaw(body: Buffer, declaredLength = body.length): void {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(declaredLength);
    this.child.stdin.write(Buffer.concat([header, body]));
  }

  /** Waits for the first received message matching `predicate`. */
  async waitFor<T = Record<string, unknown>>(predicate: (message: Record<string, unknown>) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => typeof m === 'object' && m !== null && predicate(m as Record<string, unknown>));
      if (found) return found as T;
      if (Date.now() > deadline) throw new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

/** The launcher's flags with half its old-space limit (there must be one: the headroom is stated against it). */
export function halfHeap(flags: readonly string[]): string[] {
  const limit = flags.find((flag) => flag.startsWith('--max-old-space-size='));
  if (!limit) throw new Error('the launcher sets no --max-old-space-size');
  const half = Math.floor(Number(limit.split('=')[1]) / 2);
  return flags.map((flag) => (flag === limit ? `--max-old-space-size=${half}` : flag));
}
