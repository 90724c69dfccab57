// How long each change on the server stayed unreported by a contender: the time from the change until the
// contender's counts for that folder show that state or a later one. Pure, so it is unit-tested.
import type { Change, FolderState } from './mailbox-model';
import type { Report } from './contender';

export interface Delay {
  folder: string;
  /** When the change happened (wall-clock ms). */
  at: number;
  /** ms until reported; for a censored change, until the end of the observation. */
  ms: number;
  /** Never reported before the observation ended. */
  censored: boolean;
}

const same = (a: FolderState | undefined, b: FolderState): boolean => a !== undefined && a.unseen === b.unseen && a.total === b.total;

/**
 * For each change i of a folder (in `changes`, which also holds each folder's starting state first), the delay is
 * the earliest moment s ≥ t_i at which the contender's last report equals the state of some change j ≥ i that had
 * happened by s. A change the contender skipped because a later one overtook it is settled when the later is shown.
 * Only changes inside [from, to) are measured; reports and later changes up to `end` count.
 */
export function delays(changes: readonly Change[], reports: readonly Report[], window: { from: number; to: number; end: number }): Delay[] {
  const result: Delay[] = [];
  const folders = new Set(changes.map((c) => c.folder));
  for (const folder of folders) {
    const timeline = changes.filter((c) => c.folder === folder).sort((a, b) => a.at - b.at);
    const said = reports.filter((r) => r.folder === folder && r.at <= window.end).sort((a, b) => a.at - b.at);
    const shownAt = (s: number): FolderState | undefined => {
      let state: FolderState | undefined;
      for (const report of said) {
        if (report.at > s) break;
        state = report.state;
      }
      return state;
    };
    for (let i = 0; i < timeline.length; i++) {
      const change = timeline[i]!;
      if (change.at < window.from || change.at >= window.to) continue;
      // The moments at which the answer can first become yes: the change itself, later changes, and later reports.
      const moments = [change.at, ...timeline.slice(i + 1).map((c) => c.at), ...said.filter((r) => r.at > change.at).map((r) => r.at)]
        .filter((s) => s <= window.end)
        .sort((a, b) => a - b);
      const settled = moments.find((s) => {
        const shown = shownAt(s);
        return timeline.slice(i).some((later) => later.at <= s && same(shown, later.state));
      });
      result.push(settled === undefined ? { folder, at: change.at, ms: window.end - change.at, censored: true } : { folder, at: change.at, ms: settled - change.at, censored: false });
    }
  }
  return result.sort((a, b) => a.at - b.at);
}

/** The longest stretch, per folder, during which the contender showed something other than the truth. */
export function maxStaleness(changes: readonly Change[], reports: readonly Report[], window: { from: number; to: number; end: number }): Map<string, number> {
  const worst = new Map<string, number>();
  for (const delay of delays(changes, reports, window)) worst.set(delay.folder, Math.max(worst.get(delay.folder) ?? 0, delay.ms));
  return worst;
}
