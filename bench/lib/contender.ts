// Starts one contender as its own process behind its own metering relay, records every counts line it prints
// (stamped on arrival), and samples its memory and CPU: the same treatment for our host and for every other strategy.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { FolderState } from './mailbox-model';
import { loopbackSources, startMeter, wallClock, type Meter } from './meter';
import { cpuMs, rssMb } from './process-stats';

export interface Report {
  folder: string;
  at: number;
  state: FolderState;
}

export interface ProcessCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const Line = z.object({ type: z.string() });
const CountsLine = z.object({ type: z.literal('counts'), folder: z.string(), unseen: z.number().int().nonnegative(), total: z.number().int().nonnegative() });

export class RunningContender {
  readonly reports: Report[] = [];
  readonly rssSamples: number[] = [];
  private child: ChildProcessWithoutNullStreams | undefined;
  private stderrTail = '';
  private stopping = false;
  private exitError: Error | undefined;
  private cpuMark = { at: 0, cpu: 0 };

  private constructor(readonly meter: Meter) {}

  /** Starts the relay, lets `command` build the process from the relay's port, and starts it. */
  static async start(target: { host: string; port: number }, sources: number, command: (port: number) => Promise<ProcessCommand>): Promise<RunningContender> {
    const meter = await startMeter(target.host, target.port, { sourceAddresses: loopbackSources(sources) });
    const contender = new RunningContender(meter);
    contender.spawn(await command(meter.port));
    return contender;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /** What it last said about a folder (only counting what it said after `since`). */
  current(folder: string, since = 0): FolderState | undefined {
    for (let i = this.reports.length - 1; i >= 0 && this.reports[i]!.at >= since; i--) if (this.reports[i]!.folder === folder) return this.reports[i]!.state;
    return undefined;
  }

  /** Throws with its stderr if the process ended by itself. */
  check(): void {
    if (this.exitError) throw this.exitError;
  }

  sampleRss(): void {
    const rss = rssMb(this.pid);
    if (Number.isFinite(rss)) this.rssSamples.push(rss);
  }

  /** Starts a CPU window; cpuSince() then returns CPU ms used and wall ms passed since. */
  markCpu(): void {
    this.cpuMark = { at: wallClock(), cpu: cpuMs(this.pid) };
  }

  cpuSince(): { cpuMs: number; wallMs: number } {
    return { cpuMs: cpuMs(this.pid) - this.cpuMark.cpu, wallMs: wallClock() - this.cpuMark.at };
  }

  /** Ends the process but keeps the relay and everything recorded; resume() starts it again. */
  async pause(): Promise<void> {
    await this.stopProcess();
  }

  async resume(command: ProcessCommand): Promise<void> {
    this.stopping = false;
    this.spawn(command);
  }

  async stop(): Promise<void> {
    await this.stopProcess();
    await this.meter.close();
  }

  private spawn({ file, args, env }: ProcessCommand): void {
    const child = spawn(file, args, { env });
    this.child = child;
    createInterface({ input: child.stdout }).on('line', (text) => {
      const at = wallClock();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        this.exitError ??= new Error(`contender printed a line that is not JSON: ${text.slice(0, 200)}`);
        return;
      }
      if (Line.parse(json).type !== 'counts') return;
      const line = CountsLine.parse(json);
      this.reports.push({ folder: line.folder, at, state: { unseen: line.unseen, total: line.total } });
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000)));
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.exitError ??= new Error(`contender ${file} exited (${code ?? signal}): ${this.stderrTail}`);
    });
  }

  private async stopProcess(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.stopping = true;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
