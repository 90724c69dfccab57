// `npm run bench`: Mailbadge against the strategies other notifiers use, side by side on real Dovecot servers, and
// the host's and extension's own figures. Prints tables with ratios to the naive client, writes bench/results.json
// and (full runs) the generated part of docs/performance.md with its chart.
// Options: --quick (under 2 minutes, for the suite), --only=live,checks,… (a partial run writes no docs, and its
// results go to the temp dir unless --out says otherwise),
// --out=PATH (results file; default bench/results.json), --no-build (use the built artifacts as they are),
// --docs-only (tables, docs/performance.md and the chart again from bench/results.json, measuring nothing).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POPUP_BUDGET_BYTES, popupGzipBytes } from '../scripts/popup-size';
import { EXTENSION_DIR, REPO_ROOT } from '../test/support/paths';
import { buildAll } from './lib/build';
import { startLab, type Lab } from './lib/lab';
import { wallClock } from './lib/meter';
import { assemble, printTables, writeDocs, writeResults } from './lib/report';
import { Results, RowSink, SECTIONS, type Section } from './lib/results';
import type { LiveResult } from './lib/live-summary';
import { runChecks } from './sections/checks';
import { runColdStart } from './sections/cold-start';
import { runExtension } from './sections/extension';
import { liveRows } from './sections/live-rows';
import { runLive } from './sections/live';
import { runMarkRead } from './sections/mark-read';
import { runMemory } from './sections/memory';
import { runScale } from './sections/scale';

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const ONLY = option('only')?.split(',') as Section[] | undefined;
/** A partial run never replaces the committed results of a full one. */
const OUT = option('out') ?? (ONLY ? join(tmpdir(), 'mailbadge-bench-partial.json') : join(REPO_ROOT, 'bench', 'results.json'));
const BUILD = !argv.includes('--no-build') && process.env.MAILBADGE_SKIP_BUILD !== '1';

/** Full: ≥ 200 messages, the real 10-minute sweep inside a 10-minute idle window, a 5-minute busy scenario. */
/** Quick: the same steps, each as short as still meaningful, and the lab prepared while the live run goes on. */
const SETTINGS = QUICK
  ? { messages: 6, segment: 6, idleMs: 5_000, busyMs: 12_000, graceMs: 2_000, sweepMs: 600_000, naiveMs: 60_000, rotateInbox: false, repeats: 2, largeMessages: 3_000, markReadRounds: 3, extensionMessages: 2, idleCpuMs: 3_000, deepMemory: false, settleMs: 1_000, rssSamples: 3, memoryRounds: 1, overlapLab: true, catchUp: false }
  : { messages: 200, segment: 50, idleMs: 600_000, busyMs: 300_000, graceMs: 70_000, sweepMs: 600_000, naiveMs: 60_000, rotateInbox: true, repeats: 5, largeMessages: 100_000, markReadRounds: 20, extensionMessages: 20, idleCpuMs: 60_000, deepMemory: true, settleMs: 15_000, rssSamples: 10, memoryRounds: 2, overlapLab: false, catchUp: true };

const begun = wallClock();
const say = (line: string) => process.stderr.write(`[bench ${((wallClock() - begun) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

async function main(): Promise<void> {
  if (argv.includes('--docs-only')) {
    // Tables, docs and chart again from the committed results (after a change to how they are presented).
    const results = Results.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'bench', 'results.json'), 'utf8')));
    printTables(results);
    writeDocs(results);
    return;
  }
  const started = wallClock();
  for (const name of ONLY ?? []) if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section "${name}"; sections: ${SECTIONS.join(', ')}`);
  const sections = SECTIONS.filter((s) => !ONLY || ONLY.includes(s));
  say(BUILD ? 'building the extension, the host and the contenders…' : 'building the contenders…');
  await buildAll({ host: BUILD });
  const rows = new RowSink();
  const failures: string[] = [];
  const labSections: Section[] = sections.filter((s) => s !== 'live' && s !== 'bundle');
  const prepareLab = () => {
    say(`starting the lab Dovecot (accounts, a ${SETTINGS.largeMessages}-message folder, 500 folders)…`);
    return startLab({ largeMessages: SETTINGS.largeMessages });
  };
  let labReady: Promise<Lab> | undefined = labSections.length && SETTINGS.overlapLab ? prepareLab() : undefined;
  // An unhandled rejection must not end the run before the live part has cleaned up; it is awaited below.
  labReady?.catch(() => undefined);
  let live: LiveResult | undefined;
  if (sections.includes('live')) {
    try {
      live = await runLive({ ...SETTINGS, say });
    } catch (error) {
      await labReady?.then((lab) => lab.server.stop(), () => undefined);
      throw error;
    }
    liveRows(live, rows);
  }
  if (labSections.length) {
    const lab: Lab = await (labReady ??= prepareLab());
    try {
      const steps: [Section, () => Promise<unknown>][] = [
        ['checks', () => runChecks(lab, rows, SETTINGS.repeats)],
        ['cold-start', () => runColdStart(lab, rows, SETTINGS.repeats)],
        ['mark-read', () => runMarkRead(lab, rows, SETTINGS.markReadRounds)],
        ['scale', () => runScale(lab, rows, SETTINGS.repeats)],
        ['memory', () => runMemory(lab, rows, { idleCpuMs: SETTINGS.idleCpuMs, deep: SETTINGS.deepMemory, settleMs: SETTINGS.settleMs, samples: SETTINGS.rssSamples, rounds: SETTINGS.memoryRounds })],
        ['extension', () => runExtension(lab, rows, { messages: SETTINGS.extensionMessages, repeats: SETTINGS.repeats, say })],
      ];
      for (const [section, step] of steps) {
        if (!labSections.includes(section)) continue;
        say(`${section}…`);
        // One section failing must not throw away the others' figures (the live run alone takes 20 minutes): it
        // is recorded, the rest run, and the run still ends in failure below.
        try {
          await step();
        } catch (error) {
          failures.push(`${section}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          say(`${section} FAILED: ${String(error)}`);
        }
      }
    } finally {
      await lab.server.stop();
    }
  }
  if (sections.includes('bundle')) {
    rows.add('bundle', 'extension', 'extension popup', 'bundle (gzip)', popupGzipBytes(EXTENSION_DIR) / 1024, 'KB', `budget ${POPUP_BUDGET_BYTES / 1024} KB`);
  }
  const results = assemble({ quick: QUICK, seconds: (wallClock() - started) / 1000, settings: { ...SETTINGS }, sections, rows: rows.rows, failures, ...(live ? { live } : {}) });
  printTables(results);
  writeResults(results, OUT);
  say(`wrote ${OUT}`);
  if (failures.length) {
    for (const failure of failures) process.stderr.write(`\n${failure}\n`);
    throw new Error(`${failures.length} section(s) failed; their figures are missing from ${OUT}`);
  }
  if (!QUICK && !ONLY && OUT === join(REPO_ROOT, 'bench', 'results.json')) {
    writeDocs(results);
    say('wrote docs/performance.md and docs/images/bench-latency.svg');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
