// Where the host's memory goes at 5 accounts × 20 folders: RSS as shipped (through the launcher), idle CPU, heap
// use and headroom, the cost of Node.js itself, of each library and of each account, a heap snapshot by kind of
// object, and RSS under other settings (measured here, not shipped). docs/memory.md has the analysis.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { addDovecotAccount, hostEnvironment, makeConfigDir, type HostEnv } from '../../test/support/host';
import { HOST_BUNDLE } from '../../test/support/paths';
import { heapByKind } from '../lib/heap-snapshot';
import { ACCOUNT_USERS, type Lab } from '../lib/lab';
import { installLauncher } from '../lib/launcher';
import { libraryCosts } from '../lib/library-costs';
import { wallClock } from '../lib/meter';
import { NativeSession } from '../lib/native-session';
import { cpuMs, rssMb } from '../lib/process-stats';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { median, round } from '../lib/stats';

const MEMORY_HOOK = join(import.meta.dirname, '..', 'trace', 'memory-hook.mjs');
const MB = 1024 * 1024;

const MemoryReport = z.object({
  usage: z.object({ rss: z.number(), heapTotal: z.number(), heapUsed: z.number(), external: z.number(), arrayBuffers: z.number() }),
  heapSizeLimit: z.number(),
  spaces: z.array(z.object({ name: z.string(), size: z.number(), used: z.number() })),
});

export interface MemoryOptions {
  idleCpuMs: number;
  /** Also the other settings, 0 and 1 accounts, library costs and a heap snapshot (slow: the full run only). */
  deep: boolean;
  /** RSS is sampled from this long after the start on (V8 shrinks the heap some seconds after start-up)… */
  settleMs: number;
  /** …this many times, 500 ms apart, in each of this many rounds (the configurations take turns). */
  samples: number;
  rounds: number;
}

interface Config {
  name: string;
  env: HostEnv;
  accounts: number;
  /** The installed launcher, or a script running `node <flags> <bundle>`. */
  start: { launcher: string } | { flags: string[]; bundle: string; extraEnv?: NodeJS.ProcessEnv };
}

export async function runMemory(lab: Lab, rows: RowSink, options: MemoryOptions): Promise<void> {
  const envs: (HostEnv & { remove(): Promise<void> })[] = [];
  const work = mkdtempSync(join(tmpdir(), 'mailbadge-memory-'));
  try {
    const envWith = async (count: number) => {
      const env = await makeConfigDir();
      envs.push(env);
      for (let i = 0; i < count; i++) await addDovecotAccount(env, lab.server, { name: `Account${i}`, user: ACCOUNT_USERS[i]!.user, folders: WATCHED_FOLDERS });
      return env;
    };
    const five = await envWith(ACCOUNT_USERS.length);
    const launcher = await installLauncher(five);
    const flags = launcher.nodeFlags;
    const label = `mailbadge host, ${ACCOUNT_USERS.length} accounts × ${WATCHED_FOLDERS.length} folders`;
    const shipped: Config = { name: `as shipped (launcher: ${flags.join(' ') || 'no flags'})`, env: five, accounts: 5, start: { launcher: launcher.path } };
    const configs: Config[] = [shipped];
    if (options.deep) {
      // (docs/memory.md evaluated more settings — lite mode, MALLOC_ARENA_MAX, --single-threaded, …: within noise.)
      const bundle = HOST_BUNDLE;
      configs.push(
        { name: 'host, 0 accounts', env: await envWith(0), accounts: 0, start: { flags, bundle } },
        { name: 'host, 1 account × 20 folders', env: await envWith(1), accounts: 1, start: { flags, bundle } },
        { name: 'Node.js defaults (no flags)', env: five, accounts: 5, start: { flags: [], bundle } },
        { name: 'launcher flags, half the old space (--max-old-space-size=24)', env: five, accounts: 5, start: { flags: [...flags.filter((f) => !f.startsWith('--max-old-space-size')), '--max-old-space-size=24'], bundle } },
      );
    }
    // RSS moves with collections: each configuration in turn, several rounds, all samples pooled.
    const samples = new Map<Config, number[]>(configs.map((c) => [c, []]));
    for (let r = 0; r < options.rounds; r++) {
      for (const config of configs) {
        const run = await settled(config, work, options);
        samples.get(config)!.push(...run.rss);
        await run.session.close();
      }
    }
    const note = `${options.rounds} × ${options.samples} samples from ${options.settleMs / 1000} s after start`;
    rows.add('memory', 'mailbadge', label, 'RSS, median', median(samples.get(shipped)!), 'MB', `${shipped.name}; ${note}; target ≤ 45`);
    rows.add('memory', 'mailbadge', label, 'RSS, max', Math.max(...samples.get(shipped)!), 'MB');
    for (const config of configs.slice(1)) rows.add('memory', 'variant', 'host with other accounts or settings (not shipped)', config.name, median(samples.get(config)!), 'MB', `RSS median; ${note}`);

    // Inside one shipped process (a hook reports on a signal): idle CPU, heap use, limit and headroom.
    const reportPath = join(work, 'report.json');
    const snapshotPath = join(work, 'host.heapsnapshot');
    const hooked = await settled(shipped, work, options, { hook: reportPath, snapshot: options.deep ? snapshotPath : undefined });
    try {
      const before = cpuMs(hooked.session.pid);
      await sleep(options.idleCpuMs);
      const used = cpuMs(hooked.session.pid) - before;
      rows.add('memory', 'mailbadge', label, `idle CPU over ${Math.round(options.idleCpuMs / 1000)} s`, used, 'ms', `${round((100 * used) / options.idleCpuMs, 3)} % of one core (10 ms clock ticks)`);
      process.kill(hooked.session.pid, 'SIGUSR2');
      const { usage, heapSizeLimit, spaces } = await readReport(reportPath);
      rows.add('memory', 'mailbadge', label, 'heap used', usage.heapUsed / MB, 'MB', `of ${round(usage.heapTotal / MB)} MB allocated heap`);
      rows.add('memory', 'mailbadge', label, 'heap limit', heapSizeLimit / MB, 'MB', 'old space + young generation');
      rows.add('memory', 'mailbadge', label, 'heap headroom', (heapSizeLimit - usage.heapUsed) / MB, 'MB', 'limit − used: room for the largest frame (1 MB out; requests are small) and a 5 000-folder list');
      rows.add('memory', 'mailbadge', label, 'external + array buffers', (usage.external + usage.arrayBuffers) / MB, 'MB', 'TLS and socket buffers outside the heap');
      rows.add('memory', 'mailbadge', label, 'large-object space', (spaces.find((s) => s.name === 'large_object_space')?.used ?? 0) / MB, 'MB', 'objects over ~128 KB (the bundle source text among them)');
      rows.add('memory', 'mailbadge', label, 'outside the V8 heap', (usage.rss - usage.heapTotal - usage.external) / MB, 'MB', 'Node.js and V8 runtime, OpenSSL, libuv, thread stacks, malloc');
    } finally {
      await hooked.session.close();
    }
    if (!options.deep) return;
    for (const part of heapByKind(snapshotPath)) rows.add('memory', 'heap-snapshot', 'heap snapshot by kind', part.what, part.bytes / MB, 'MB', part.note);
    for (const cost of await libraryCosts(flags)) rows.add('memory', 'library', 'loaded alone (launcher flags)', cost.name, cost.rssMb, 'MB', cost.note);
  } finally {
    rmSync(work, { recursive: true, force: true });
    for (const env of envs) await env.remove();
  }
}

/** Starts a configuration, waits until every account is counted and the settle time has passed, samples RSS. */
async function settled(config: Config, work: string, options: MemoryOptions, hook?: { hook: string; snapshot?: string }): Promise<{ session: NativeSession; rss: number[] }> {
  let launcher: string;
  if ('launcher' in config.start) launcher = config.start.launcher;
  else {
    launcher = join(work, 'host');
    writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" ${config.start.flags.join(' ')} "${config.start.bundle}" "$@"\n`, { mode: 0o755 });
  }
  const extraEnv = 'launcher' in config.start ? {} : (config.start.extraEnv ?? {});
  const hookEnv = hook ? { MAILBADGE_MEMORY_REPORT: hook.hook, ...(hook.snapshot ? { MAILBADGE_HEAP_SNAPSHOT: hook.snapshot } : {}) } : {};
  const session = new NativeSession(launcher, { ...hostEnvironment(config.env), ...extraEnv, ...hookEnv }, hook ? [`--import=${MEMORY_HOOK}`] : []);
  if (config.accounts === 0) {
    session.send({ type: 'hello', extensionVersion: '0' });
    await session.waitFor((m) => m.type === 'hello');
  } else {
    const counted = new Set<string>();
    await session.waitFor((m) => {
      if (m.type === 'folderCounts') counted.add(m.account);
      return counted.size >= config.accounts;
    }, 60_000);
  }
  await sleep(Math.max(0, session.startedAt + options.settleMs - wallClock()));
  const rss: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    rss.push(rssMb(session.pid));
    await sleep(500);
  }
  return { session, rss };
}

async function readReport(path: string): Promise<z.infer<typeof MemoryReport>> {
  for (let i = 0; i < 600; i++) {
    try {
      return MemoryReport.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      await sleep(100);
    }
  }
  throw new Error('the memory hook wrote no report');
}
