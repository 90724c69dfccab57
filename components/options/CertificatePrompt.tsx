// Shows an untrusted (or changed) server certificate's fingerprint and lets the user pin it.
import type { Problem } from '../../lib/protocol';
import { t } from '../../lib/i18n';

interface Props {
  problem: Problem & { fingerprint256: string };
  busy: boolean;
  onTrust(fingerprint: string): void;
}

export function CertificatePrompt({ problem, busy, onTrust }: Props) {
  const changed = problem.code === 'TLS_PIN_MISMATCH';
  return (
    <div class="cert" data-testid="certificate-prompt">
      <p>{t(changed ? 'optionsCertChangedExplain' : 'optionsCertExplain')}</p>
      <p class="cert__label" id="cert-fingerprint-label">
        {t('optionsCertFingerprint')}
      </p>
      <pre class="fingerprint" data-testid="fingerprint" tabIndex={0} aria-labelledby="cert-fingerprint-label">
        {problem.fingerprint256}
      </pre>
      <p class="hint">{t('optionsCertCompare')}</p>
      <button type="button" class="primary" disabled={busy} onClick={() => onTrust(problem.fingerprint256)}>
        {t('optionsCertTrust')}
      </button>
    </div>
  );
}
