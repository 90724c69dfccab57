// What the last connection test said, under the form's test buttons: progress, success with the folder count, or
// the problem — with the certificate's fingerprint to trust when the server's certificate is not trusted yet.
import { t } from '../../lib/i18n';
import type { Problem } from '../../lib/protocol';
import { CertificatePrompt } from './CertificatePrompt';
import { ProblemMessage } from './ProblemMessage';

export type ConnectionStatus =
  | { kind: 'idle' }
  | { kind: 'busy'; labelKey: string }
  | { kind: 'connected'; folders: number }
  | { kind: 'problem'; problem: Problem };

interface Props {
  status: ConnectionStatus;
  onTrust(fingerprint256: string): void;
}

export function ConnectionResult({ status, onTrust }: Props) {
  const problem = status.kind === 'problem' ? status.problem : undefined;
  const certProblem =
    problem && (problem.code === 'TLS_UNTRUSTED' || problem.code === 'TLS_PIN_MISMATCH') && problem.fingerprint256
      ? { ...problem, fingerprint256: problem.fingerprint256 }
      : undefined;
  return (
    <>
      <div class="status" aria-live="polite" data-testid="test-status">
        {status.kind === 'busy' && <p>{t(status.labelKey)}</p>}
        {status.kind === 'connected' && <p class="success">{t('optionsTestSuccess', [String(status.folders)])}</p>}
      </div>
      {problem && <ProblemMessage problem={problem} />}
      {certProblem && <CertificatePrompt problem={certProblem} busy={false} onTrust={onTrust} />}
    </>
  );
}
