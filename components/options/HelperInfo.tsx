// The options page's line about the helper program: which version answers, or that none does.
import { t } from '../../lib/i18n';
import type { ExtensionState } from '../../lib/state';

export function HelperInfo({ host }: { host: ExtensionState['host'] }) {
  return (
    <section class="helper" aria-labelledby="helper-title">
      <h2 id="helper-title">{t('optionsHelperTitle')}</h2>
      <p data-testid="helper-version">{host.state === 'connected' && host.version ? t('optionsHelperVersion', [host.version]) : t('optionsHelperNotRunning')}</p>
    </section>
  );
}
