// `npm run bench`: our host against the naive approach and a bare NOTIFY client, side by side on one real Dovecot.
// Prints a table and writes bench/results.json. `--quick` shortens the idle and latency runs.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pollFolderStatus } from '../native-host/imap/folder-status';
import { fetchPreviews } from '../native-host/imap/previews';
import { startDovecot, type DovecotServer } from '../test/support/dovecot';
import { addDovecotAccount, hostEnvironment, makeConfigDir, runHost } from '../test/support/host';
import { buildMessage } from '../test/support/mail';
import { EXTENSION_DIR, HOST_BUNDLE, REPO_ROOT } from '../test/support/paths';
import { startBareNotifyClient } from './bare-notify-client';
import { connectRecording, dovecotTarget } from '../test/support/recording-client';
import { naiveCheck } from './naive-check';
import { startTcpMeter, type TcpMeter } from '../test/support/tcp-relay';
import { POPUP_BUDGET_BYTES, popupGzipBytes } from '../scripts/popup-size';
import { measurePopupPaint, POPUP_USERS } from './popup-paint';

const QUICK = process.argv.includes('--quick');
/** `--only=memory` (or checks, latency, bundle, popup) runs one part, for quick iterations. */
const ONLY = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const runs = (part: string) => ONLY === undefined || ONLY === part;
const FOLDERS = ['INBOX', ...Array.from({ length: 19 }, (_, i) => `Folder${String(i + 1).padStart(2, '0')}`)];
const LATENCY_MESSAGES = QUICK ? 20 : 50;
const IDLE_SECONDS = QUICK ? 10 : 60;
const BYTES_MESSAGES = QUICK ? 6 : 20;
const REPEATS = 5;
const ACCOUNTS_FOR_RSS = 5;

interface Row {
  approach: string;
  metric: string;
  value: number;
  unit: string;
  note?: string;
}
const rows: Row[] = [];
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const median = (values: number[]) => percentile(values, 50);
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

async function seed(server: DovecotServer, user: string): Promise<void> {
  for (const folder of FOLDERS.slice(1)) await server.createFolder(user, folder);
  // A realistic spread: a few unseen messages in some folders, some read mail everywhere.
  for (const [i, folder] of FOLDERS.entries()) {
    if (i % 4 === 0) for (let n = 0; n < 3; n++) await server.append(user, folder, buildMessage({ subject: `Unread ${n} in ${folder}`, body: 'Hello '.repeat(200) }));
    await server.append(user, folder, buildMessage({ subject: `Read in ${folder}` }), ['\\Seen']);
  }
}

async function measureChecks(server: DovecotServer, meter: TcpMeter, configDir: string): Promise<void> {
  const naiveMs: number[] = [];
  const naiveBytes: number[] = [];
  let naiveCommands = 0;
  for (let i = 0; i < REPEATS; i++) {
    meter.reset();
    const start = performance.now();
    const result = await naiveCheck(dovecotTarget(server, 'alice', 'alice-secret', meter.port), FOLDERS);
    naiveMs.push(performance.now() - start);
    naiveBytes.push(meter.bytes().up + meter.bytes().down);
    naiveCommands = result.commands;
  }
  rows.push({ approach: 'naive (SELECT+SEARCH+FETCH headers)', metric: 'one check of 20 folders', value: round(median(naiveMs)), unit: 'ms', note: `${naiveCommands} commands, ${median(naiveBytes)} B` });

  // The same job as the naive row, done our way on a fresh connection: one LIST-STATUS, previews of unread only.
  const oursMs: number[] = [];
  const oursBytes: number[] = [];
  let oursCommands = 0;
  for (let i = 0; i < REPEATS; i++) {
    meter.reset();
    const start = performance.now();
    const sent: string[] = [];
    const client = await connectRecording(dovecotTarget(server, 'alice', 'alice-secret', meter.port), sent);
    const { statuses } = await pollFolderStatus(client, FOLDERS, 'list-status');
    for (const status of statuses) if ((status.unseen ?? 0) > 0) await fetchPreviews(client, status.folder);
    await client.logout();
    oursMs.push(performance.now() - start);
    oursBytes.push(meter.bytes().up + meter.bytes().down);
    oursCommands = sent.length;
  }
  rows.push({ approach: 'mailbadge one pass (LIST-STATUS + previews)', metric: 'one check of 20 folders', value: round(median(oursMs)), unit: 'ms', note: `${oursCommands} commands, ${median(oursBytes)} B, snippets included` });

  const checkMs: number[] = [];
  const checkBytes: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    meter.reset();
    const start = performance.now();
    const result = await runHost({ configDir }, ['check', 'Bench', '--json']);
    if (result.code !== 0) throw new Error(`check failed: ${result.stderr}`);
    checkMs.push(performance.now() - start);
    checkBytes.push(meter.bytes().up + meter.bytes().down);
  }
  rows.push({ approach: 'mailbadge check (CLI, counts + previews)', metric: 'one check of 20 folders', value: round(median(checkMs)), unit: 'ms', note: `process start, keychain and certificate checks included, ${median(checkBytes)} B` });

  // The steady-state cost of one poll on an open connection (what IDLE+poll and poll-only pay each cycle).
  const sent: string[] = [];
  const client = await connectRecording(dovecotTarget(server, 'alice', 'alice-secret', meter.port), sent);
  const pollMs: number[] = [];
  const pollBytes: number[] = [];
  for (let i = 0; i < REPEATS * 2; i++) {
    meter.reset();
    sent.length = 0;
    const start = performance.now();
    await pollFolderStatus(client, FOLDERS, 'list-status');
    pollMs.push(performance.now() - start);
    pollBytes.push(meter.bytes().up + meter.bytes().down);
  }
  const listStatusCommands = sent.filter((line) => / LIST /.test(line)).length;
  sent.length = 0;
  const statusMs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await pollFolderStatus(client, FOLDERS, 'status');
    statusMs.push(performance.now() - start);
  }
  await client.logout();
  rows.push({ approach: 'mailbadge poll (LIST-STATUS)', metric: 'one poll of 20 folders', value: round(median(pollMs)), unit: 'ms', note: `${listStatusCommands} round trip, ${median(pollBytes)} B` });
  rows.push({ approach: 'mailbadge poll (pipelined STATUS, no LIST-STATUS)', metric: 'one poll of 20 folders', value: round(median(statusMs)), unit: 'ms', note: `${sent.filter((line) => / STATUS /.test(line)).length / REPEATS} round trip` });
}

interface Watcher {
  child: ChildProcessWithoutNullStreams;
  lines: { folder: string; unseen: number; at: number }[];
  /** Subjects of each previews line, by folder, as they arrive. */
  previews: { folder: string; subjects: string[] }[];
}

function startWatch(configDir: string): Watcher {
  const child = spawn(process.execPath, [HOST_BUNDLE, 'watch', 'Bench', '--json'], { env: hostEnvironment({ configDir }) });
  const watcher: Watcher = { child, lines: [], previews: [] };
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now();
    const parsed = JSON.parse(line) as { type: string; folder: string; unseen: number; previews?: { subject: string }[] };
    if (parsed.type === 'counts') watcher.lines.push({ folder: parsed.folder, unseen: parsed.unseen, at });
    if (parsed.type === 'previews') watcher.previews.push({ folder: parsed.folder, subjects: (parsed.previews ?? []).map((p) => p.subject) });
  });
  return watcher;
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

async function measureLatencyAndIdle(server: DovecotServer, meter: TcpMeter, configDir: string): Promise<void> {
  const watcher = startWatch(configDir);
  const bare = await startBareNotifyClient({ host: server.host, port: server.imapsPort, ca: server.certPem, user: 'alice', password: 'alice-secret', folders: FOLDERS });
  const bareEvents: { path: string; at: number }[] = [];
  bare.events.on('status', (event: { path: string; at: number }) => bareEvents.push(event));
  await waitUntil(() => new Set(watcher.lines.map((l) => l.folder)).size === FOLDERS.length, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000));

  const ours: number[] = [];
  const reference: number[] = [];
  let missedOurs = 0;
  let missedBare = 0;
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    const folder = FOLDERS[(i * 7) % FOLDERS.length]!;
    const ourCount = watcher.lines.length;
    const bareCount = bareEvents.length;
    await server.append('alice', folder, buildMessage({ subject: `Latency ${i}` }));
    const appendedAt = performance.now();
    const gotOurs = await waitUntil(() => watcher.lines.slice(ourCount).some((l) => l.folder === folder), 3_000);
    const gotBare = await waitUntil(() => bareEvents.slice(bareCount).some((e) => e.path === folder), 3_000);
    if (gotOurs) ours.push(watcher.lines.slice(ourCount).find((l) => l.folder === folder)!.at - appendedAt);
    else missedOurs++;
    if (gotBare) reference.push(bareEvents.slice(bareCount).find((e) => e.path === folder)!.at - appendedAt);
    else missedBare++;
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 500));
  }
  const note = (missed: number) => `${LATENCY_MESSAGES} messages over ${FOLDERS.length} folders${missed ? `, ${missed} missed` : ''}`;
  for (const [approach, values, missed] of [['bare NOTIFY client (reference)', reference, missedBare], ['mailbadge watch (NOTIFY)', ours, missedOurs]] as const) {
    rows.push({ approach, metric: 'new mail → event p50', value: round(percentile(values, 50)), unit: 'ms', note: note(missed) });
    rows.push({ approach, metric: 'new mail → event p95', value: round(percentile(values, 95)), unit: 'ms' });
    rows.push({ approach, metric: 'new mail → event max', value: round(Math.max(...values)), unit: 'ms' });
  }
  await bare.close();

  say(`measuring idle traffic for ${IDLE_SECONDS} s…`);
  meter.reset();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const { up, down } = meter.bytes();
  const idleRate = (up + down) / IDLE_SECONDS;
  rows.push({ approach: 'mailbadge watch (NOTIFY)', metric: 'idle traffic', value: round(idleRate), unit: 'B/s', note: `over ${IDLE_SECONDS} s, target ≤ 200` });
  await measureBytesPerNewMail(server, meter, watcher, idleRate);
  watcher.child.kill('SIGTERM');
}

/**
 * Bytes on the wire (both ways, TLS included) from one new message to its preview shown: the server's STATUS push and
 * every command the host sends for it, with the idle NOOP traffic of the same seconds taken out. The folders already
 * show previews (the seeded and the latency run's messages are unseen): what they show is not fetched again.
 */
async function measureBytesPerNewMail(server: DovecotServer, meter: TcpMeter, watcher: Watcher, idleRate: number): Promise<void> {
  const costs: number[] = [];
  for (let i = 0; i < BYTES_MESSAGES; i++) {
    const folder = FOLDERS[(i * 3) % FOLDERS.length]!;
    const subject = `Bytes ${i}`;
    const from = watcher.previews.length;
    meter.reset();
    const start = performance.now();
    await server.append('alice', folder, buildMessage({ subject, body: 'A new message. '.repeat(30) }));
    const shown = await waitUntil(() => watcher.previews.slice(from).some((p) => p.folder === folder && p.subjects.includes(subject)), 5_000);
    // Whatever follows the previews line (CLOSE's answer) has arrived well within this.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { up, down } = meter.bytes();
    if (shown) costs.push(up + down - idleRate * ((performance.now() - start) / 1000));
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const note = `${costs.length} messages to folders showing previews, idle NOOPs subtracted; min ${Math.round(Math.min(...costs))}, max ${Math.round(Math.max(...costs))}`;
  rows.push({ approach: 'mailbadge watch (NOTIFY)', metric: 'bytes per new mail', value: Math.round(median(costs)), unit: 'B', note });
}

async function measureRss(server: DovecotServer): Promise<void> {
  const env = await makeConfigDir();
  for (let i = 0; i < ACCOUNTS_FOR_RSS; i++) {
    await addDovecotAccount(env, server, { name: `Account${i}`, user: `user${i}`, folders: FOLDERS });
  }
  // Started through the installed launcher, exactly as the browser starts it.
  const manifestDir = join(env.configDir, 'manifests');
  await runHost(env, ['install', '--browser', 'chromium', '--dir', manifestDir]);
  const launcher = (JSON.parse(readFileSync(join(manifestDir, 'app.mailbadge.host.json'), 'utf8')) as { path: string }).path;
  const child = spawn(launcher, ['chrome-extension://bench/'], { env: hostEnvironment(env) });
  let counted = 0;
  child.stdout.on('data', (chunk: Buffer) => (counted += (chunk.toString('latin1').match(/"folderCounts"/g) ?? []).length));
  await waitUntil(() => counted >= ACCOUNTS_FOR_RSS, 30_000);
  // RSS moves with garbage collection: sample it over 5 s once the accounts are settled.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    samples.push(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const metric = `RSS, ${ACCOUNTS_FOR_RSS} accounts × ${FOLDERS.length} folders`;
  rows.push({ approach: 'mailbadge host', metric: `${metric}, median`, value: round(median(samples)), unit: 'MB', note: 'target ≤ 60; started by its launcher' });
  rows.push({ approach: 'mailbadge host', metric: `${metric}, max`, value: round(Math.max(...samples)), unit: 'MB' });
  child.kill('SIGTERM');
  await env.remove();
}

function measurePopupBundle(): void {
  const bytes = popupGzipBytes(EXTENSION_DIR);
  rows.push({ approach: 'extension popup', metric: 'bundle (gzip)', value: round(bytes / 1024), unit: 'KB', note: `target ≤ ${POPUP_BUDGET_BYTES / 1024}` });
}

async function main(): Promise<void> {
  say('building…');
  await new Promise<void>((resolve, reject) => {
    spawn('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).on('close', (code) => (code === 0 ? resolve() : reject(new Error('build failed'))));
  });
  say('starting Dovecot and seeding 20 folders…');
  const users = [{ user: 'alice', password: 'alice-secret' }, ...Array.from({ length: ACCOUNTS_FOR_RSS }, (_, i) => ({ user: `user${i}`, password: `secret-${i}` }))];
  const server = await startDovecot({ users: [...users, ...POPUP_USERS] });
  const meter = await startTcpMeter(server.host, server.imapsPort);
  const env = await makeConfigDir();
  try {
    for (const { user } of users) await seed(server, user);
    await addDovecotAccount(env, { ...server, imapsPort: meter.port }, { name: 'Bench', folders: FOLDERS });
    if (runs('checks')) {
      say('checks…');
      await measureChecks(server, meter, env.configDir);
    }
    if (runs('latency')) {
      say('push latency…');
      await measureLatencyAndIdle(server, meter, env.configDir);
    }
    if (runs('memory')) {
      say('memory…');
      await measureRss(server);
    }
    if (runs('bundle')) measurePopupBundle();
    if (runs('popup')) {
      say('popup first paint in Chromium…');
      rows.push(...(await measurePopupPaint(server, say)));
    }
  } finally {
    await meter.close();
    await server.stop();
    await env.remove();
  }
  const width = Math.max(...rows.map((r) => r.approach.length));
  const metricWidth = Math.max(...rows.map((r) => r.metric.length));
  console.log(`${'approach'.padEnd(width)}  ${'metric'.padEnd(metricWidth)}  ${'value'.padStart(9)}  unit  note`);
  for (const r of rows) console.log(`${r.approach.padEnd(width)}  ${r.metric.padEnd(metricWidth)}  ${String(r.value).padStart(9)}  ${r.unit.padEnd(4)}  ${r.note ?? ''}`);
  if (ONLY !== undefined) return; // a partial run does not replace the full results
  const results = { at: new Date().toISOString(), quick: QUICK, node: process.version, rows };
  writeFileSync(join(REPO_ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  say('wrote bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
