// Errors as values: a code from the protocol's closed set and one sentence naming the problem and the fix.
import type { ErrorCode, Problem } from '../lib/protocol';

export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fingerprint256?: string,
  ) {
    super(message);
    this.name = 'HostError';
  }

  toProblem(): Problem {
    return this.fingerprint256
      ? { code: this.code, message: this.message, fingerprint256: this.fingerprint256 }
      : { code: this.code, message: this.message };
  }
}

/** Anything thrown becomes a Problem; unknown errors keep only their class of failure, not their text. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HostError) return error.toProblem();
  return { code: 'INTERNAL', message: 'The Mailbadge host hit an unexpected error; see its log (stderr) and report it.' };
}

/**
 * A thrown value as one short log line. Anything may be thrown, including objects whose String() throws
 * (no prototype) or that are deeply nested, so this never serialises and never throws.
 */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
    if (typeof error === 'string') return error.slice(0, 500);
    return `a thrown ${error === null ? 'null' : typeof error}`;
  } catch {
    return 'an unprintable thrown value';
  }
}
