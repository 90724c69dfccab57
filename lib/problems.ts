// What each error code means for the user, in one table: the sentence, the fix the UI offers, whether retrying can
// help, and what the toolbar tooltip says. Host, worker, popup and options page all read it (no zod: the popup imports it).
import { INSTALL_COMMAND } from './install-command';
import type { ErrorCode } from './protocol';

export interface ProblemInfo {
  /** i18n key of the one sentence that names the problem (and the fix, where a sentence can say it). */
  textKey: string;
  /** i18n key of the label of a button that opens the account in the options page, for problems fixed there. */
  fixKey?: string;
  /** A shell command that fixes it, shown in full next to the sentence. */
  command?: string;
  /** Retrying cannot fix it (and hammering could lock the account): the host stops until the user acts. */
  needsUser: boolean;
  /** i18n key of the short phrase the toolbar tooltip shows after the account's name ("wrong password — …"). */
  badgeKey: string;
}

/** Every code's keys follow one pattern: `problem_<CODE>` for the sentence, `badgeProblem_<CODE>` for the tooltip. */
const row = (code: ErrorCode, needsUser: boolean, extra: Pick<ProblemInfo, 'fixKey' | 'command'> = {}): ProblemInfo => ({
  textKey: `problem_${code}`,
  badgeKey: `badgeProblem_${code}`,
  needsUser,
  ...extra,
});

/** TypeScript fails the build when lib/protocol.ts gains a code without a row here. */
export const PROBLEMS: Record<ErrorCode, ProblemInfo> = {
  BAD_MESSAGE: row('BAD_MESSAGE', false),
  UNKNOWN_REQUEST: row('UNKNOWN_REQUEST', false),
  INTERNAL: row('INTERNAL', false),
  CONFIG_INVALID: row('CONFIG_INVALID', false),
  ACCOUNT_NOT_FOUND: row('ACCOUNT_NOT_FOUND', false),
  ACCOUNT_EXISTS: row('ACCOUNT_EXISTS', false),
  SECRET_MISSING: row('SECRET_MISSING', true, { fixKey: 'fixMissingPassword' }),
  CONNECT_FAILED: row('CONNECT_FAILED', false),
  TIMEOUT: row('TIMEOUT', false),
  AUTH_FAILED: row('AUTH_FAILED', true, { fixKey: 'fixPassword' }),
  TLS_UNTRUSTED: row('TLS_UNTRUSTED', true, { fixKey: 'fixCertificate' }),
  TLS_PIN_MISMATCH: row('TLS_PIN_MISMATCH', true, { fixKey: 'fixCertificate' }),
  TLS_FAILED: row('TLS_FAILED', false),
  STARTTLS_UNAVAILABLE: row('STARTTLS_UNAVAILABLE', true, { fixKey: 'fixServerSecurity' }),
  FOLDER_NOT_FOUND: row('FOLDER_NOT_FOUND', false),
  IMAP_ERROR: row('IMAP_ERROR', false),
  HOST_NOT_INSTALLED: row('HOST_NOT_INSTALLED', true, { command: INSTALL_COMMAND }),
  HOST_EXITED: row('HOST_EXITED', false),
  UIDVALIDITY_CHANGED: row('UIDVALIDITY_CHANGED', false),
  KEYCHAIN_UNAVAILABLE: row('KEYCHAIN_UNAVAILABLE', true),
  HOST_OUTDATED: row('HOST_OUTDATED', true, { command: INSTALL_COMMAND }),
  EXTENSION_OUTDATED: row('EXTENSION_OUTDATED', true),
  SIGN_IN_REQUIRED: row('SIGN_IN_REQUIRED', true, { fixKey: 'fixSignIn' }),
  SIGN_IN_FAILED: row('SIGN_IN_FAILED', false),
  OAUTH_UNAVAILABLE: row('OAUTH_UNAVAILABLE', true),
  MESSAGE_GONE: row('MESSAGE_GONE', false),
  ARCHIVE_FOLDER_UNSET: row('ARCHIVE_FOLDER_UNSET', false, { fixKey: 'fixArchiveFolder' }),
  JUNK_FOLDER_MISSING: row('JUNK_FOLDER_MISSING', false),
  MESSAGE_TOO_LARGE: row('MESSAGE_TOO_LARGE', false),
  SERVER_INVALID_REPLY: row('SERVER_INVALID_REPLY', false),
};

/** The row for a code; a code from a newer host than this extension knows is treated as an internal problem. */
export function problemInfo(code: string): ProblemInfo {
  return Object.hasOwn(PROBLEMS, code) ? PROBLEMS[code as ErrorCode] : PROBLEMS.INTERNAL;
}

/** Whether the host must stop retrying this account until the user acts. */
export function needsUser(code: ErrorCode): boolean {
  return problemInfo(code).needsUser;
}
