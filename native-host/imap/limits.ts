// How much an IMAP server may send at once and how long it may go quiet: bounds that fit a notifier (a preview
// never needs megabytes) and that the host holds within the launcher's 48 MB heap (docs/reliability.md measures them).

const MiB = 1024 * 1024;

/** imapflow's parser limits (its maxLineLength, maxLiteralSize, maxResponseSize, maxResponseTokens options). */
export const IMAP_LIMITS = {
  /** One response line without literals: a SEARCH of some 700,000 UIDs fits; an endless line stops here. */
  maxLineBytes: 8 * MiB,
  /** One literal: previews read 4 KB windows, and a subject or folder name is far smaller. */
  maxLiteralBytes: 1 * MiB,
  /** One whole response, lines and literals together (above the line limit, as imapflow asks). */
  maxResponseBytes: 16 * MiB,
  /** Parse-tree nodes of one response (~100 bytes of heap each): 10,000 recipients take about 50,000. */
  maxResponseTokens: 200_000,
} as const;

const DEFAULT_QUIET_MS = 60_000;

/**
 * How long a server may stay silent while it owes an answer (imapflow's socketTimeout; a connection that is
 * merely idle is kept alive with NOOP at half of it). MAILBADGE_IMAP_TIMEOUT_MS overrides it, between 100 ms and
 * 10 minutes: for servers known to be slow, and for tests, which cannot wait a minute per stalled scenario.
 */
export function quietLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  const wanted = Number(env.MAILBADGE_IMAP_TIMEOUT_MS);
  return Number.isInteger(wanted) && wanted >= 100 && wanted <= 600_000 ? wanted : DEFAULT_QUIET_MS;
}

/** The longest one sequence of commands may take, even if the server trickles bytes to dodge the quiet limit. */
export function sequenceLimitMs(env: NodeJS.ProcessEnv = process.env): number {
  return 5 * quietLimitMs(env);
}

/** A limit in words for messages: "8 MiB", "60 s". */
export function bytesInWords(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

export function secondsInWords(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
