// What the popup says about a problem code, and which codes the options page can fix.
import type { ErrorCode, Problem } from '../../lib/protocol';
import { t } from '../../lib/i18n';

/** Every code has its own sentence; TypeScript fails the build when lib/protocol.ts gains a code without one. */
const PROBLEM_KEYS: Record<ErrorCode, string> = {
  BAD_MESSAGE: 'popupProblem_BAD_MESSAGE',
  UNKNOWN_REQUEST: 'popupProblem_UNKNOWN_REQUEST',
  INTERNAL: 'popupProblem_INTERNAL',
  CONFIG_INVALID: 'popupProblem_CONFIG_INVALID',
  ACCOUNT_NOT_FOUND: 'popupProblem_ACCOUNT_NOT_FOUND',
  ACCOUNT_EXISTS: 'popupProblem_ACCOUNT_EXISTS',
  SECRET_MISSING: 'popupProblem_SECRET_MISSING',
  CONNECT_FAILED: 'popupProblem_CONNECT_FAILED',
  TIMEOUT: 'popupProblem_TIMEOUT',
  AUTH_FAILED: 'popupProblem_AUTH_FAILED',
  TLS_UNTRUSTED: 'popupProblem_TLS_UNTRUSTED',
  TLS_PIN_MISMATCH: 'popupProblem_TLS_PIN_MISMATCH',
  TLS_FAILED: 'popupProblem_TLS_FAILED',
  STARTTLS_UNAVAILABLE: 'popupProblem_STARTTLS_UNAVAILABLE',
  FOLDER_NOT_FOUND: 'popupProblem_FOLDER_NOT_FOUND',
  IMAP_ERROR: 'popupProblem_IMAP_ERROR',
  HOST_NOT_INSTALLED: 'popupProblem_HOST_NOT_INSTALLED',
  HOST_EXITED: 'popupProblem_HOST_EXITED',
  UIDVALIDITY_CHANGED: 'popupProblem_UIDVALIDITY_CHANGED',
  KEYCHAIN_UNAVAILABLE: 'popupProblem_KEYCHAIN_UNAVAILABLE',
};

/** Problems fixed in the options page (password, certificate), with the label of the button that goes there. */
const FIX_KEYS: Partial<Record<ErrorCode, string>> = {
  AUTH_FAILED: 'popupFixPassword',
  SECRET_MISSING: 'popupFixMissingPassword',
  TLS_UNTRUSTED: 'popupFixCertificate',
  TLS_PIN_MISMATCH: 'popupFixCertificate',
};

export function problemText(problem: Pick<Problem, 'code'>): string {
  // A code from a newer host than this extension knows still gets a sentence.
  return t(Object.hasOwn(PROBLEM_KEYS, problem.code) ? PROBLEM_KEYS[problem.code] : 'popupProblemUnknown');
}

export function fixLabel(problem: Pick<Problem, 'code'>): string | undefined {
  const key = FIX_KEYS[problem.code];
  return key ? t(key) : undefined;
}
