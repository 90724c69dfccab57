// One finding of `doctor`: what was checked, whether it is fine, and if not, what to do.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  /** What was checked, e.g. "firefox manifest" or "account Work". */
  subject: string;
  status: CheckStatus;
  /** On ok: what was found. Otherwise: the problem and its fix, in one sentence. */
  detail: string;
}

export const ok = (subject: string, detail: string): Check => ({ subject, status: 'ok', detail });
export const fail = (subject: string, detail: string): Check => ({ subject, status: 'fail', detail });
export const warn = (subject: string, detail: string): Check => ({ subject, status: 'warn', detail });
export const skip = (subject: string, detail: string): Check => ({ subject, status: 'skip', detail });

const LABELS: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'note', fail: 'FIX ', skip: '-   ' };

/** One line per check: status, subject, then what was found or what to do. */
export function formatCheck(check: Check): string {
  return `${LABELS[check.status]}  ${check.subject}: ${check.detail}`;
}

/** Only a failure needs fixing: a note (file password store, a browser not registered) is a choice the user may have made. */
export function needsFixing(checks: readonly Check[]): boolean {
  return checks.some((check) => check.status === 'fail');
}
