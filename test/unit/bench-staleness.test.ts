// The benchmark's staleness arithmetic: how long each server change stayed unreported by a contender.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../bench/lib/contender';
import type { Change } from '../../bench/lib/mailbox-model';
import { delays } from '../../bench/lib/staleness';

const change = (at: number, unseen: number, total: number, folder = 'INBOX'): Change => ({ folder, at, state: { unseen, total } });
const report = (at: number, unseen: number, total: number, folder = 'INBOX'): Report => ({ folder, at, state: { unseen, total } });
const window = { from: 100, to: 1_000, end: 2_000 };

describe('bench staleness', () => {
  it('measures a change from when it happened to the first report that shows it', () => {
    const result = delays([change(0, 1, 1), change(100, 2, 2)], [report(10, 1, 1), report(600, 2, 2)], window);
    expect(result).toEqual([{ folder: 'INBOX', at: 100, ms: 500, censored: false }]);
  });

  it('settles a change the contender skipped when it shows a later state', () => {
    const result = delays([change(0, 1, 1), change(100, 2, 2), change(200, 3, 3)], [report(10, 1, 1), report(900, 3, 3)], window);
    expect(result.map((d) => d.ms)).toEqual([800, 700]);
  });

  it('counts a change undone before anyone reported it as settled when the truth is the old state again', () => {
    const result = delays([change(0, 1, 1), change(100, 0, 1), change(400, 1, 1)], [report(10, 1, 1)], window);
    expect(result.map((d) => d.ms)).toEqual([300, 0]);
  });

  it('marks a change never reported as censored, stale until the end of the observation', () => {
    const result = delays([change(0, 1, 1), change(100, 2, 2)], [report(10, 1, 1)], window);
    expect(result).toEqual([{ folder: 'INBOX', at: 100, ms: 1_900, censored: true }]);
  });

  it('keeps folders apart and measures only changes inside the window', () => {
    const changes = [change(0, 0, 0, 'A'), change(0, 0, 0, 'B'), change(150, 1, 1, 'A'), change(1_500, 1, 1, 'B')];
    const result = delays(changes, [report(5, 0, 0, 'A'), report(5, 0, 0, 'B'), report(200, 1, 1, 'B')], window);
    expect(result).toEqual([{ folder: 'A', at: 150, ms: 1_850, censored: true }]);
  });
});
