// What each error code means for the user, in one table: the sentence, the fix the UI offers, whether retrying can
// help, and what the toolbar badge shows. Host, worker, popup and options page all read it (no zod: the popup imports it).
import type { ErrorCode } from './protocol';

export interface ProblemInfo {
  /** i18n key of the sentence that names the problem in the user's language. */
  textKey: string;
  /** i18n key of the label of a button that opens the fix in the options page, for problems fixed there. */
  fixKey?: string;
  /** Retrying cannot fix it (and hammering could lock the account): the host stops until the user acts. */
  needsUser: boolean;
}

/** TypeScript fails the build when lib/protocol.ts gains a code without a row here. */
export const PROBLEMS: Record<ErrorCode, ProblemInfo> = {
  BAD_MESSAGE: { textKey: 'popupProblem_BAD_MESSAGE', needsUser: false },
  UNKNOWN_REQUEST: { textKey: 'popupProblem_UNKNOWN_REQUEST', needsUser: false },
  INTERNAL: { textKey: 'popupProblem_INTERNAL', needsUser: false },
  CONFIG_INVALID: { textKey: 'popupProblem_CONFIG_INVALID', needsUser: false },
  ACCOUNT_NOT_FOUND: { textKey: 'popupProblem_ACCOUNT_NOT_FOUND', needsUser: false },
  ACCOUNT_EXISTS: { textKey: 'popupProblem_ACCOUNT_EXISTS', needsUser: false },
  SECRET_MISSING: { textKey: 'popupProblem_SECRET_MISSING', fixKey: 'popupFixMissingPassword', needsUser: true },
  CONNECT_FAILED: { textKey: 'popupProblem_CONNECT_FAILED', needsUser: false },
  TIMEOUT: { textKey: 'popupProblem_TIMEOUT', needsUser: false },
  AUTH_FAILED: { textKey: 'popupProblem_AUTH_FAILED', fixKey: 'popupFixPassword', needsUser: true },
  TLS_UNTRUSTED: { textKey: 'popupProblem_TLS_UNTRUSTED', fixKey: 'popupFixCertificate', needsUser: true },
  TLS_PIN_MISMATCH: { textKey: 'popupProblem_TLS_PIN_MISMATCH', fixKey: 'popupFixCertificate', needsUser: true },
  TLS_FAILED: { textKey: 'popupProblem_TLS_FAILED', needsUser: false },
  STARTTLS_UNAVAILABLE: { textKey: 'popupProblem_STARTTLS_UNAVAILABLE', needsUser: true },
  FOLDER_NOT_FOUND: { textKey: 'popupProblem_FOLDER_NOT_FOUND', needsUser: false },
  IMAP_ERROR: { textKey: 'popupProblem_IMAP_ERROR', needsUser: false },
  HOST_NOT_INSTALLED: { textKey: 'popupProblem_HOST_NOT_INSTALLED', needsUser: true },
  HOST_EXITED: { textKey: 'popupProblem_HOST_EXITED', needsUser: false },
  UIDVALIDITY_CHANGED: { textKey: 'popupProblem_UIDVALIDITY_CHANGED', needsUser: false },
  KEYCHAIN_UNAVAILABLE: { textKey: 'popupProblem_KEYCHAIN_UNAVAILABLE', needsUser: true },
};

/** The row for a code; a code from a newer host than this extension knows is treated as an internal problem. */
export function problemInfo(code: string): ProblemInfo {
  return Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code as ErrorCode] : PROBLEMS.INTERNAL;
}

/** Whether the host must stop retrying this account until the user acts. */
export function needsUser(code: ErrorCode): boolean {
  return problemInfo(code).needsUser;
}
