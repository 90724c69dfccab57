// Figures the robustness suites measure (frames fuzzed, peak RSS under attack…), written out only when asked
// (MAILBADGE_FIGURES=1) to test/artifacts/figures.jsonl, for docs/reliability.md. Tests never assert on timings.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from './paths';

export function recordFigure(suite: string, name: string, value: number | string): void {
  if (process.env.MAILBADGE_FIGURES !== '1') return;
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  appendFileSync(join(ARTIFACTS_DIR, 'figures.jsonl'), JSON.stringify({ suite, name, value, at: new Date().toISOString() }) + '\n');
}
