// A host problem as the user reads it: a translated sentence per error code, the host's own message as detail.
import type { ErrorCode, Problem } from '../../lib/protocol';
import { t } from '../../lib/i18n';

const PROBLEM_KEYS: Record<ErrorCode, string> = {
  BAD_MESSAGE: 'optionsProblemBadMessage',
  UNKNOWN_REQUEST: 'optionsProblemBadMessage',
  INTERNAL: 'optionsProblemInternal',
  CONFIG_INVALID: 'optionsProblemConfigInvalid',
  ACCOUNT_NOT_FOUND: 'optionsProblemAccountNotFound',
  ACCOUNT_EXISTS: 'optionsProblemAccountExists',
  SECRET_MISSING: 'optionsProblemSecretMissing',
  CONNECT_FAILED: 'optionsProblemConnectFailed',
  TIMEOUT: 'optionsProblemTimeout',
  AUTH_FAILED: 'optionsProblemAuthFailed',
  TLS_UNTRUSTED: 'optionsProblemTlsUntrusted',
  TLS_PIN_MISMATCH: 'optionsProblemTlsPinMismatch',
  TLS_FAILED: 'optionsProblemTlsFailed',
  STARTTLS_UNAVAILABLE: 'optionsProblemStarttlsUnavailable',
  FOLDER_NOT_FOUND: 'optionsProblemFolderNotFound',
  IMAP_ERROR: 'optionsProblemImapError',
  HOST_NOT_INSTALLED: 'optionsProblemHostNotInstalled',
  HOST_EXITED: 'optionsProblemHostExited',
  UIDVALIDITY_CHANGED: 'optionsProblemUidValidityChanged',
  KEYCHAIN_UNAVAILABLE: 'optionsProblemKeychainUnavailable',
};

export function problemText(problem: Problem): string {
  return t(PROBLEM_KEYS[problem.code] ?? 'optionsProblemInternal');
}

export function ProblemMessage({ problem }: { problem: Problem }) {
  return (
    <div class="problem" role="alert" data-code={problem.code}>
      <p class="problem__text">{problemText(problem)}</p>
      {problem.message && (
        <p class="problem__detail">
          {t('optionsProblemDetail')} <span lang="en">{problem.message}</span>
        </p>
      )}
    </div>
  );
}
