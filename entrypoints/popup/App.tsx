// The popup: accounts with their unseen counts, or the empty state that says what to do next.
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountCard } from '../../components/AccountCard';
import { EmptyState } from '../../components/EmptyState';
import { useExtensionState } from '../../components/useExtensionState';
import { INSTALL_COMMAND } from '../../lib/host-port';
import { t } from '../../lib/i18n';
import type { PageToWorker } from '../../lib/runtime-messages';

export function App() {
  const state = useExtensionState();
  useEffect(() => {
    const refresh: PageToWorker = { type: 'refresh' };
    void browser.runtime.sendMessage(refresh).catch(() => undefined);
  }, []);

  if (!state) return null; // storage answers within a frame; nothing to flash meanwhile
  return (
    <main class="popup" aria-labelledby="popup-title">
      <h1 id="popup-title" class="popup__title">{t('extName')}</h1>
      {state.host.state === 'missing' ? (
        <EmptyState title={t('hostMissing')} detail={t('hostMissingHelp')} command={INSTALL_COMMAND} />
      ) : state.accounts.length === 0 ? (
        <EmptyState title={t('noAccounts')} detail={t('noAccountsHelp')} />
      ) : (
        <ul class="accounts" aria-label={t('accountsLabel')}>
          {state.accounts.map((account) => (
            <li key={account.name}>
              <AccountCard account={account} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
