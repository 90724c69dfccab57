// How often each watching strategy asks the server: the bound on how late a change is reported, paid for within the idle-traffic budget.
//
// Pure; the figures are measured against Dovecot 2.3.19 over TLS 1.3 through test/support/tcp-relay.ts (payload
// bytes both ways, TLS records included). docs/freshness.md explains the choices and the measurements.
import { selectedFolder, type PollMethod, type WatchStrategy } from './strategy';

/** The most a watched account may cost on the wire while nothing happens, averaged over a minute. */
export const IDLE_BUDGET_BYTES_PER_SECOND = 200;

/**
 * What the cadences below plan to spend: the budget less room for what they do not control (the server's
 * own keepalives, "* OK Still here" every 2 min in IDLE; folder names longer than estimated).
 */
export const PLANNED_BYTES_PER_SECOND = 150;

/**
 * NOOP cadence. With NOTIFY it bounds how late any change is (Dovecot's watch goes stale after a log rotation,
 * a NOOP makes it look); without IDLE it is how the selected folder hears of changes. Each change is then
 * reported within this interval plus a round trip or two, inside the 2 s of issue 9.
 */
export const NOOP_EVERY_MS = 1_000;

/** One NOOP round trip: "A1 NOOP" (33 B with its TLS record) and "A1 OK NOOP completed (0.001 + 0.000 secs)." (68 B). */
export const NOOP_BYTES = 101;

/**
 * One poll of several folders, IDLE broken and resumed around it where the strategy IDLEs: a fixed part and a
 * part per folder (its LIST and STATUS lines, or its STATUS command and reply), plus its name about three times.
 * Measured: LIST-STATUS 438 B for 1 folder, 913 B for 5, 2 569 B for 19; pipelined STATUS 388, 1 165, 3 767 B.
 */
const POLL_COST: Record<PollMethod, { fixed: number; perFolder: number }> = {
  'list-status': { fixed: 320, perFolder: 94 },
  status: { fixed: 200, perFolder: 164 },
};

/** Never poll more often than this, however few folders: a poll is no cheaper than a few NOOPs. */
const MIN_POLL_EVERY_MS = NOOP_EVERY_MS;

/** Estimated bytes of one poll of these folders (names count about three times: asked, listed, counted). */
export function pollCostBytes(folders: readonly string[], method: PollMethod): number {
  if (folders.length === 0) return 0;
  const { fixed, perFolder } = POLL_COST[method];
  return fixed + folders.reduce((sum, folder) => sum + perFolder + 3 * Buffer.byteLength(folder), 0);
}

/** The NOOP cadence of a strategy, or undefined when it needs none (IDLE keeps its connection alive itself). */
export function noopEveryMs(strategy: WatchStrategy): number | undefined {
  if (strategy.kind === 'notify') return NOOP_EVERY_MS;
  if (strategy.kind === 'poll' && strategy.noopFolder !== undefined) return NOOP_EVERY_MS;
  return undefined;
}

/**
 * How often the folders without push are polled: as often as the planned budget allows once the NOOP cadence
 * is paid for. With NOTIFY nothing is polled. Dovecot, 19 folders besides INBOX: every ~17 s with IDLE, every
 * ~52 s without it; 2 folders: every ~3.8 s with IDLE (docs/freshness.md has a table).
 */
export function pollEveryMs(strategy: WatchStrategy): number | undefined {
  if (strategy.kind === 'notify' || strategy.polled.length === 0) return undefined;
  const noop = noopEveryMs(strategy);
  const left = PLANNED_BYTES_PER_SECOND - (noop === undefined ? 0 : (NOOP_BYTES * 1000) / noop);
  const everyMs = (pollCostBytes(strategy.polled, strategy.poll) / left) * 1000;
  return Math.max(MIN_POLL_EVERY_MS, Math.ceil(everyMs / 100) * 100);
}

/**
 * The promise to the user: a change in `folder` (made by anyone) is reported at most this long after it happened.
 * Push and NOOP-checked folders: 2 s (a cadence of 1 s, plus a round trip to learn the counts, plus slack for a
 * busy machine). Polled folders: their poll interval plus the same slack.
 */
export function freshnessBoundMs(strategy: WatchStrategy, folder: string): number {
  const slackMs = 1_000;
  if (strategy.kind === 'notify') return NOOP_EVERY_MS + slackMs;
  if (folder === selectedFolder(strategy)) return NOOP_EVERY_MS + slackMs;
  return (pollEveryMs(strategy) ?? 0) + slackMs;
}
