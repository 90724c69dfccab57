// `npx tsx bench/latency-trace.ts`: where a new-mail event waits on its way to `mailbadge watch` and to the bare NOTIFY
// client, for the same appends in one run. Stamps: Dovecot's index-log writes (the inotify events its own timer
// starts from), the relay (server sends), the host's socket read and stdout write (bench/trace/stamp-hook.mjs), our
// read of its line. Runs the appends twice: at the old bench's cadence (next append 100–600 ms after both events)
// and at the fixed one (next append after 600 ms without an index-log write), and prints each stage per cadence.
// Options: --messages=N per cadence (default 40), --host-bundle=PATH (another build), --bare-events=new|full, --verbose.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDovecot, type DovecotServer } from '../test/support/dovecot';
import { addDovecotAccount, hostEnvironment, makeConfigDir } from '../test/support/host';
import { buildMessage } from '../test/support/mail';
import { HOST_BUNDLE } from '../test/support/paths';
import { startBareNotifyClient, type BareNotifyOptions, type BareStatusEvent } from './bare-notify-client';
import { findMailRoot, watchIndexLogs, type IndexLogWatch } from './lib/index-logs';
import { startMeter, wallClock } from './lib/meter';
import { waitForQuietLogs } from './lib/quiet';
import { seedFolders, WATCHED_FOLDERS } from './lib/seed';
import { percentile } from './lib/stats';

const arg = (name: string, fallback: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const MESSAGES = Number(arg('messages', '40'));
const BUNDLE = arg('host-bundle', HOST_BUNDLE);
const BARE_EVENTS: BareNotifyOptions['events'] = arg('bare-events', 'full') === 'new' ? ['MessageNew', 'MessageExpunge'] : ['MessageNew', 'MessageExpunge', 'FlagChange'];
const VERBOSE = process.argv.includes('--verbose');
const HOOK = join(import.meta.dirname, 'trace', 'stamp-hook.mjs');
/** Dovecot's NOTIFY_DELAY_MSECS (mailbox-list-index-notify.c): a push leaves this long after the write that armed it. */
const DOVECOT_DELAY_MS = 500;

type Client = 'host' | 'bare';
interface Sample {
  folder: string;
  appendStart: number;
  appendOk: number;
  /** Per client: server send (relay), read by us, and the index-log write that armed the server's timer. */
  send: Record<Client, number>;
  read: Record<Client, number>;
  armedAt: Record<Client, number>;
}

interface Rig {
  server: DovecotServer;
  logs: IndexLogWatch;
  relay: Record<Client, number[]>;
  lines: Record<Client, { folder: string; at: number }[]>;
  stop(): Promise<void>;
  traceFile: string;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await sleep(2);
  }
  return true;
}

async function startRig(server: DovecotServer, configDir: string): Promise<Rig> {
  const traceFile = join(tmpdir(), `mailbadge-trace-${process.pid}.jsonl`);
  const meters = { host: await startMeter(server.host, server.imapsPort), bare: await startMeter(server.host, server.imapsPort) };
  const relay: Rig['relay'] = { host: [], bare: [] };
  meters.host.onServerChunk = (at) => relay.host.push(at);
  meters.bare.onServerChunk = (at) => relay.bare.push(at);
  await addDovecotAccount({ configDir }, { ...server, imapsPort: meters.host.port }, { name: 'Bench', folders: WATCHED_FOLDERS });
  const logs = watchIndexLogs(findMailRoot(server.rootDir, 'alice'));
  const lines: Rig['lines'] = { host: [], bare: [] };
  const child = spawn(process.execPath, ['--import', HOOK, BUNDLE, 'watch', 'Bench', '--json'], { env: { ...hostEnvironment({ configDir }), MAILBADGE_TRACE_FILE: traceFile } });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const parsed = JSON.parse(line) as { type?: unknown; folder?: unknown };
    if (parsed.type === 'counts' && typeof parsed.folder === 'string') lines.host.push({ folder: parsed.folder, at: wallClock() });
  });
  child.stderr.pipe(process.stderr);
  const bare = await startBareNotifyClient({ host: server.host, port: meters.bare.port, ca: server.certPem, user: 'alice', password: 'alice-secret', folders: WATCHED_FOLDERS, events: BARE_EVENTS });
  // The bare client stamps with this process's performance.now(); wall clock = origin + that.
  bare.events.on('status', (event: BareStatusEvent) => lines.bare.push({ folder: event.path, at: performance.timeOrigin + event.at }));
  if (!(await waitFor(() => new Set(lines.host.map((l) => l.folder)).size === WATCHED_FOLDERS.length, 20_000))) throw new Error('the host did not report every folder');
  return {
    server,
    logs,
    relay,
    lines,
    traceFile,
    stop: async () => {
      child.kill('SIGTERM');
      await bare.close();
      logs.close();
      await meters.host.close();
      await meters.bare.close();
    },
  };
}

async function measure(rig: Rig, cadence: 'bench' | 'quiet', offset: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    if (cadence === 'quiet') await waitForQuietLogs(rig.logs, DOVECOT_DELAY_MS + 100, 10_000);
    const folder = WATCHED_FOLDERS[((i + offset) * 7) % WATCHED_FOLDERS.length]!;
    const before = { host: rig.lines.host.length, bare: rig.lines.bare.length };
    const appendStart = wallClock();
    await rig.server.append('alice', folder, buildMessage({ subject: `Trace ${i}` }));
    const appendOk = wallClock();
    const first = (client: Client) => rig.lines[client].slice(before[client]).find((l) => l.folder === folder)?.at;
    await waitFor(() => first('host') !== undefined && first('bare') !== undefined, 3_000);
    const sample: Sample = { folder, appendStart, appendOk, send: { host: NaN, bare: NaN }, read: { host: NaN, bare: NaN }, armedAt: { host: NaN, bare: NaN } };
    for (const client of ['host', 'bare'] as const) {
      sample.read[client] = first(client) ?? NaN;
      sample.send[client] = rig.relay[client].filter((at) => at <= sample.read[client]).at(-1) ?? NaN;
      // Later writes do not restart a pending timer, and it fires no sooner than its delay: so it was armed by the
      // last write at least that long before the send.
      sample.armedAt[client] = rig.logs.writes.filter((w) => w.at <= sample.send[client] - DOVECOT_DELAY_MS + 5).at(-1)?.at ?? NaN;
    }
    samples.push(sample);
    if (VERBOSE) {
      const near = rig.logs.writes.filter((w) => w.at >= appendStart - 1200 && w.at <= Math.max(sample.read.host, sample.read.bare) + 20);
      console.error(`${cadence} #${i} ${folder}: log writes ${near.map((w) => `${w.log}@${(w.at - appendStart).toFixed(0)}`).join(' ')} | host ${(sample.read.host - appendStart).toFixed(0)} bare ${(sample.read.bare - appendStart).toFixed(0)} (ms from append start)`);
    }
    if (cadence === 'bench') await sleep(100 + Math.random() * 500);
  }
  return samples;
}

function show(name: string, values: number[]): void {
  const clean = values.filter((v) => Number.isFinite(v));
  const f = (v: number) => v.toFixed(1).padStart(7);
  console.log(`  ${name.padEnd(44)} n=${String(clean.length).padStart(3)}  p5 ${f(percentile(clean, 5))}  p50 ${f(percentile(clean, 50))}  p95 ${f(percentile(clean, 95))}  max ${f(Math.max(...clean))} ms`);
}

function report(cadence: string, samples: Sample[], rig: Rig): void {
  console.log(`\ncadence: ${cadence === 'bench' ? 'old bench (next append 100–600 ms after both events)' : 'fixed (next append after 600 ms without an index-log write)'}`);
  for (const client of ['bare', 'host'] as const) {
    const label = client === 'host' ? 'mailbadge watch' : 'bare NOTIFY client';
    show(`${label}: append OK → event read`, samples.map((s) => s.read[client] - s.appendOk));
    show(`${label}: server timer (arming write → send)`, samples.map((s) => s.send[client] - s.armedAt[client]));
    show(`${label}: timer armed before the append`, samples.map((s) => s.appendStart - s.armedAt[client]).filter((v) => v > 0));
    show(`${label}: server send → event read`, samples.map((s) => s.read[client] - s.send[client]));
    const other = client === 'host' ? 'bare' : 'host';
    const firstToFire = samples.filter((s) => s.send[client] < s.send[other]).length;
    console.log(`  ${label}: its session's push left first in ${firstToFire} of ${samples.length} events`);
  }
  const trace = readFileSync(rig.traceFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { kind: string; at: number; folder: string });
  const stage = { relay: [] as number[], parse: [] as number[], pipe: [] as number[] };
  for (const s of samples) {
    const write = trace.find((t) => t.kind === 'stdout-write' && t.folder === s.folder && t.at >= s.send.host && t.at <= s.read.host);
    const read = trace.find((t) => t.kind === 'socket-read' && t.folder === s.folder && t.at >= s.send.host && (!write || t.at <= write.at));
    if (!write || !read) continue;
    stage.relay.push(read.at - s.send.host);
    stage.parse.push(write.at - read.at);
    stage.pipe.push(s.read.host - write.at);
  }
  show('host: relay → socket read (TLS, event loop)', stage.relay);
  show('host: socket read → stdout write (parse, emit)', stage.parse);
  show('host: stdout write → bench read (pipe)', stage.pipe);
}

async function main(): Promise<void> {
  const server = await startDovecot();
  const env = await makeConfigDir();
  let rig: Rig | undefined;
  try {
    await seedFolders(server, 'alice');
    rig = await startRig(server, env.configDir);
    await sleep(1_500);
    const bench = await measure(rig, 'bench', 0);
    const quiet = await measure(rig, 'quiet', 3);
    report('bench', bench, rig);
    report('quiet', quiet, rig);
  } finally {
    await rig?.stop();
    if (rig) rmSync(rig.traceFile, { force: true });
    await server.stop();
    await env.remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
