import { describe, expect, it } from 'vitest';
import { freshnessBoundMs, NOOP_BYTES, NOOP_EVERY_MS, noopEveryMs, PLANNED_BYTES_PER_SECOND, pollCostBytes, pollEveryMs } from '../../native-host/watch/cadence';
import { chooseStrategy, type WatchStrategy } from '../../native-host/watch/strategy';

const caps = (...names: string[]) => new Set(names);
const folders = (count: number, name = (i: number) => `Folder${String(i).padStart(2, '0')}`) => ['INBOX', ...Array.from({ length: count }, (_, i) => name(i + 1))];
const LIST_STATUS = ['LIST-STATUS', 'LIST-EXTENDED'];

/** Planned bytes per second of a strategy while nothing happens: its NOOPs plus its polls. */
function plannedBytesPerSecond(strategy: WatchStrategy): number {
  const noop = noopEveryMs(strategy);
  const poll = pollEveryMs(strategy);
  const polled = strategy.kind === 'notify' ? [] : strategy.polled;
  return (noop ? (NOOP_BYTES * 1000) / noop : 0) + (poll ? (pollCostBytes(polled, strategy.poll) * 1000) / poll : 0);
}

describe('watch cadence', () => {
  it('estimates a poll the way it was measured on Dovecot (LIST-STATUS 438 / 913 / 2 569 B, pipelined STATUS 388 / 1 165 / 3 767 B)', () => {
    const measured: [number, number, number][] = [[1, 438, 388], [5, 913, 1_165], [19, 2_569, 3_767]];
    for (const [count, listStatus, status] of measured) {
      const polled = folders(count).slice(1);
      expect(Math.abs(pollCostBytes(polled, 'list-status') - listStatus) / listStatus).toBeLessThan(0.05);
      expect(Math.abs(pollCostBytes(polled, 'status') - status) / status).toBeLessThan(0.05);
    }
    expect(pollCostBytes([], 'list-status')).toBe(0);
    // Longer names cost more: they travel about three times.
    expect(pollCostBytes(['A rather long folder name'], 'status') - pollCostBytes(['A'], 'status')).toBe(3 * 24);
  });

  it('NOOPs every second with NOTIFY and without IDLE, not at all with IDLE', () => {
    expect(noopEveryMs(chooseStrategy(caps('NOTIFY'), folders(3)))).toBe(NOOP_EVERY_MS);
    expect(noopEveryMs(chooseStrategy(caps(), folders(3)))).toBe(NOOP_EVERY_MS);
    expect(noopEveryMs(chooseStrategy(caps('IDLE'), folders(3)))).toBeUndefined();
    expect(noopEveryMs(chooseStrategy(caps(), []))).toBeUndefined();
  });

  it('polls nothing with NOTIFY, or when only the selected folder is watched', () => {
    expect(pollEveryMs(chooseStrategy(caps('NOTIFY', ...LIST_STATUS), folders(19)))).toBeUndefined();
    expect(pollEveryMs(chooseStrategy(caps('IDLE'), ['INBOX']))).toBeUndefined();
    expect(pollEveryMs(chooseStrategy(caps(), ['INBOX']))).toBeUndefined();
  });

  it.each([
    ['NOTIFY', [...LIST_STATUS, 'NOTIFY', 'IDLE']],
    ['IDLE + LIST-STATUS', [...LIST_STATUS, 'IDLE']],
    ['IDLE + STATUS', ['IDLE']],
    ['LIST-STATUS polling', LIST_STATUS],
    ['STATUS polling', []],
  ])('plans at most 150 B/s with %s, for 1 to 200 folders of any name length', (_name, capabilities) => {
    for (const count of [0, 1, 2, 5, 19, 50, 200]) {
      for (const name of [(i: number) => `F${i}`, (i: number) => `Archive/${2000 + i}/Projects with a long name ${i}`]) {
        const strategy = chooseStrategy(caps(...capabilities), folders(count, name));
        expect(plannedBytesPerSecond(strategy)).toBeLessThanOrEqual(PLANNED_BYTES_PER_SECOND);
      }
    }
  });

  it('polls as often as the budget allows: every few seconds for a few folders, less often for many', () => {
    const idle = (count: number) => pollEveryMs(chooseStrategy(caps('IDLE', ...LIST_STATUS), folders(count)))!;
    expect(idle(1)).toBeLessThanOrEqual(3_000);
    expect(idle(2)).toBeLessThanOrEqual(4_000);
    expect(idle(19)).toBeLessThanOrEqual(18_000);
    // Without IDLE, the NOOPs on INBOX take two thirds of the budget.
    expect(pollEveryMs(chooseStrategy(caps(...LIST_STATUS), folders(19)))!).toBeGreaterThan(idle(19) * 2);
  });

  it('promises 2 s for what is pushed or NOOP-checked, and the poll interval plus 1 s for polled folders', () => {
    expect(freshnessBoundMs(chooseStrategy(caps('NOTIFY'), folders(19)), 'Folder07')).toBe(2_000);
    const idle = chooseStrategy(caps('IDLE', ...LIST_STATUS), folders(2));
    expect(freshnessBoundMs(idle, 'INBOX')).toBe(2_000);
    expect(freshnessBoundMs(idle, 'Folder01')).toBe(pollEveryMs(idle)! + 1_000);
    const poll = chooseStrategy(caps(), folders(2));
    expect(freshnessBoundMs(poll, 'INBOX')).toBe(2_000);
    expect(freshnessBoundMs(poll, 'Folder02')).toBe(pollEveryMs(poll)! + 1_000);
  });
});
