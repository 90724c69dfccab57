// Where the host's memory goes at 5 accounts × 20 folders: RSS as shipped (through the launcher), idle CPU, heap
// use and headroom, the cost of Node.js itself, of each library, of each account, a heap snapshot by source
// module, and RSS under other V8 / allocator settings that could bring it down (measured, not applied).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { addDovecotAccount, hostEnvironment, makeConfigDir } from '../../test/support/host';
import { HOST_BUNDLE } from '../../test/support/paths';
import { ACCOUNT_USERS, type Lab } from '../lib/lab';
import { installLauncher } from '../lib/launcher';
import { NativeSession } from '../lib/native-session';
import { wallClock } from '../lib/meter';
import { cpuMs, rssMb } from '../lib/process-stats';
import type { RowSink } from '../lib/results';
import { WATCHED_FOLDERS } from '../lib/seed';
import { median, round } from '../lib/stats';
import { buildMinifiedHost } from '../lib/build';
import { snapshotByModule } from '../lib/heap-snapshot';
import { libraryCosts } from '../lib/library-costs';

const MEMORY_HOOK = join(import.meta.dirname, '..', 'trace', 'memory-hook.mjs');
const MB = 1024 * 1024;

const MemoryReport = z.object({
  usage: z.object({ rss: z.number(), heapTotal: z.number(), heapUsed: z.number(), external: z.number(), arrayBuffers: z.number() }),
  heapSizeLimit: z.number(),
  spaces: z.array(z.object({ name: z.string(), size: z.number(), used: z.number() })),
});

export interface MemoryOptions {
  idleCpuMs: number;
  /** Also measure library costs, 0 and 1 accounts, other settings and a heap snapshot (slow: the full run only). */
  deep: boolean;
  /** RSS is sampled from this long after the start on (V8 shrinks the heap a while after start-up), … */
  settleMs: number;
  /** … this many times, 500 ms apart. */
  samples: number;
}

let timing = { settleMs: 15_000, samples: 10 };

export async function runMemory(lab: Lab, rows: RowSink, options: MemoryOptions): Promise<void> {
  timing = { settleMs: options.settleMs, samples: options.samples };
  const env = await makeConfigDir();
  const work = mkdtempSync(join(tmpdir(), 'mailbadge-memory-'));
  try {
    const accounts = ACCOUNT_USERS.map((u, i) => ({ name: `Account${i}`, user: u.user }));
    for (const { name, user } of accounts) await addDovecotAccount(env, lab.server, { name, user, folders: WATCHED_FOLDERS });
    const launcher = await installLauncher(env);
    const label = `mailbadge host, ${accounts.length} accounts × ${WATCHED_FOLDERS.length} folders`;

    // 1. As shipped: RSS once every account is counted and previewed, then idle CPU.
    const shipped = await settledHost(launcher.path, env, accounts.length, []);
    try {
      rows.add('memory', 'mailbadge', label, 'RSS, median', median(shipped.rss), 'MB', `started by its launcher (${launcher.nodeFlags.join(' ') || 'no flags'}); target ≤ 45`);
      rows.add('memory', 'mailbadge', label, 'RSS, max', Math.max(...shipped.rss), 'MB');
      const before = cpuMs(shipped.session.pid);
      await sleep(options.idleCpuMs);
      const used = cpuMs(shipped.session.pid) - before;
      rows.add('memory', 'mailbadge', label, `idle CPU over ${Math.round(options.idleCpuMs / 1000)} s`, used, 'ms', `${round((100 * used) / options.idleCpuMs, 3)} % of one core`);
    } finally {
      await shipped.session.close();
    }

    // 2. Inside the same process (a hook reports on a signal): heap use, limit and headroom.
    const reportPath = join(work, 'report.json');
    const snapshotPath = join(work, 'host.heapsnapshot');
    const hooked = await settledHost(launcher.path, env, accounts.length, [`--import=${MEMORY_HOOK}`], { MAILBADGE_MEMORY_REPORT: reportPath, ...(options.deep ? { MAILBADGE_HEAP_SNAPSHOT: snapshotPath } : {}) });
    try {
      process.kill(hooked.session.pid, 'SIGUSR2');
      const report = await readReport(reportPath);
      const { usage } = report;
      rows.add('memory', 'mailbadge', label, 'heap used', usage.heapUsed / MB, 'MB', `of ${round(usage.heapTotal / MB)} MB allocated heap`);
      rows.add('memory', 'mailbadge', label, 'heap limit', report.heapSizeLimit / MB, 'MB', 'old space + young generation');
      rows.add('memory', 'mailbadge', label, 'heap headroom', (report.heapSizeLimit - usage.heapUsed) / MB, 'MB', 'limit − used: room for the largest frame (1 MB out, requests are small) and a 5 000-folder list');
      rows.add('memory', 'mailbadge', label, 'external + array buffers', (usage.external + usage.arrayBuffers) / MB, 'MB', 'TLS and socket buffers outside the heap');
      const large = report.spaces.find((s) => s.name === 'large_object_space')?.used ?? 0;
      rows.add('memory', 'mailbadge', label, 'large-object space', large / MB, 'MB', 'objects over ~128 KB (the bundle source text among them)');
      rows.add('memory', 'mailbadge', label, 'outside the V8 heap', (usage.rss - usage.heapTotal - usage.external) / MB, 'MB', 'Node.js and V8 runtime, OpenSSL, libuv, thread stacks, malloc');
      if (options.deep) {
        for (const part of await snapshotByModule(snapshotPath, `${HOST_BUNDLE}.map`)) {
          rows.add('memory', 'heap-snapshot', 'heap snapshot by source', part.module, part.bytes / MB, 'MB', part.note);
        }
      }
    } finally {
      await hooked.session.close();
    }

    if (!options.deep) return;
    // 3. What each part costs: Node.js alone, each library loaded alone, the host with 0, 1 and 5 accounts.
    for (const cost of await libraryCosts(launcher.nodeFlags)) rows.add('memory', 'library', 'loaded alone (same flags)', cost.name, cost.rssMb, 'MB', cost.note);
    for (const count of [0, 1]) {
      const few = await fewAccounts(lab, launcher.nodeFlags, count);
      rows.add('memory', 'mailbadge', `mailbadge host, ${count} account${count === 1 ? '' : 's'} × 20 folders`, 'RSS, median', few, 'MB');
    }

    // 4. Settings not shipped, measured for the way to ≤ 45 MB (the launcher is not changed here).
    {
      const variants: [string, string[], NodeJS.ProcessEnv][] = [
        // The shipped settings again, started the same way as the others: the control for this table.
        ['launcher flags (control)', launcher.nodeFlags, {}],
        ['Node.js defaults (no flags)', [], {}],
        ['launcher flags + MALLOC_ARENA_MAX=2', launcher.nodeFlags, { MALLOC_ARENA_MAX: '2' }],
        ['launcher flags + --single-threaded', [...launcher.nodeFlags, '--single-threaded'], {}],
        ['launcher flags + --max-old-space-size=24', [...launcher.nodeFlags.filter((f) => !f.startsWith('--max-old-space-size')), '--max-old-space-size=24'], {}],
        ['launcher flags + --single-threaded + MALLOC_ARENA_MAX=2', [...launcher.nodeFlags, '--single-threaded'], { MALLOC_ARENA_MAX: '2' }],
      ];
      for (const [name, flags, extra] of variants) {
        const run = await settledBundle(env, flags, extra, accounts.length);
        rows.add('memory', 'variant', 'host at 5 × 20 with other settings', name, median(run), 'MB', 'RSS median; not shipped');
      }
      const minified = await buildMinifiedHost();
      const run = await settledBundle(env, launcher.nodeFlags, {}, accounts.length, minified);
      rows.add('memory', 'variant', 'host at 5 × 20 with other settings', 'launcher flags, bundle minified (esbuild --minify)', median(run), 'MB', 'RSS median; not shipped');
      const both = await settledBundle(env, [...launcher.nodeFlags, '--single-threaded'], { MALLOC_ARENA_MAX: '2' }, accounts.length, minified);
      rows.add('memory', 'variant', 'host at 5 × 20 with other settings', 'minified + --single-threaded + MALLOC_ARENA_MAX=2', median(both), 'MB', 'RSS median; not shipped');
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    await env.remove();
  }
}

/** Starts the host through the launcher, waits until every account has counts and the settle time passed; samples RSS. */
async function settledHost(launcher: string, env: { configDir: string }, accounts: number, nodeOptions: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const session = new NativeSession(launcher, { ...hostEnvironment(env), ...extraEnv }, nodeOptions);
  if (accounts > 0) await waitSettled(session, accounts);
  else {
    session.send({ type: 'hello', extensionVersion: '0' });
    await session.waitFor((m) => m.type === 'hello');
  }
  await sleep(Math.max(0, session.startedAt + timing.settleMs - wallClock()));
  const rss: number[] = [];
  for (let i = 0; i < timing.samples; i++) {
    rss.push(rssMb(session.pid));
    await sleep(500);
  }
  return { session, rss };
}

/** The same, started as `node <flags> bundle` (for settings the launcher does not have). */
async function settledBundle(env: { configDir: string }, flags: string[], extraEnv: NodeJS.ProcessEnv, accounts: number, bundle = HOST_BUNDLE): Promise<number[]> {
  return await withScript(flags, bundle, async (script) => {
    const run = await settledHost(script, env, accounts, [], extraEnv);
    await run.session.close();
    return run.rss;
  });
}

/** A throwaway launcher: `exec node <flags> <bundle> "$@"`. */
async function withScript<T>(flags: string[], bundle: string, use: (script: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mailbadge-variant-'));
  const script = join(dir, 'host');
  writeFileSync(script, `#!/bin/sh\nexec "${process.execPath}" ${flags.join(' ')} "${bundle}" "$@"\n`, { mode: 0o755 });
  try {
    return await use(script);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitSettled(session: NativeSession, accounts: number): Promise<void> {
  const counted = new Set<string>();
  await session.waitFor((m) => {
    if (m.type === 'folderCounts') counted.add(m.account);
    return counted.size >= accounts;
  }, 60_000);
}

async function fewAccounts(lab: Lab, flags: string[], count: number): Promise<number> {
  const env = await makeConfigDir();
  try {
    for (let i = 0; i < count; i++) await addDovecotAccount(env, lab.server, { name: `Account${i}`, user: ACCOUNT_USERS[i]!.user, folders: WATCHED_FOLDERS });
    return median(await settledBundle(env, flags, {}, count));
  } finally {
    await env.remove();
  }
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
