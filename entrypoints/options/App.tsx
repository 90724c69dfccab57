// The options page: the account list or the add/edit form, the host's own problem if any, and the settings.
import { useEffect, useRef, useState } from 'preact/hooks';
import { AccountForm } from '../../components/options/AccountForm';
import { AccountList } from '../../components/options/AccountList';
import { HelperInfo } from '../../components/options/HelperInfo';
import { ProblemMessage } from '../../components/options/ProblemMessage';
import { SettingsSection } from '../../components/options/SettingsSection';
import { useExtensionState } from '../../components/useExtensionState';
import { t } from '../../lib/i18n';
import { accountToEdit } from '../../lib/options-link';
import type { AccountView } from '../../lib/protocol';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; account: AccountView };

export function App() {
  const state = useExtensionState();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const addButton = useRef<HTMLButtonElement>(null);
  const [returned, setReturned] = useState(false);

  // Back from the form, keyboard focus goes where the user started.
  useEffect(() => {
    if (mode.kind === 'list' && returned) addButton.current?.focus();
  }, [mode, returned]);

  // Arriving from the popup's fix button (options.html#edit=<account>): open that account's form once it is known.
  const [wanted, setWanted] = useState(() => accountToEdit(location.hash));
  useEffect(() => {
    const account = wanted && state?.accounts.find((a) => a.name === wanted);
    if (!account) return;
    setWanted(undefined);
    history.replaceState(null, '', location.pathname);
    setMode({ kind: 'edit', account });
  }, [wanted, state]);

  const back = () => {
    setReturned(true);
    setMode({ kind: 'list' });
  };
  const hostProblem = state && (state.host.state === 'missing' || state.host.state === 'disconnected' || state.host.state === 'incompatible') ? state.host.problem : undefined;

  return (
    <main class="options">
      <h1>{t('optionsPageTitle')}</h1>
      {hostProblem && <ProblemMessage problem={hostProblem} />}
      <section class="accounts" aria-labelledby="accounts-title">
        {mode.kind === 'list' ? (
          <>
            <div class="section-head">
              <h2 id="accounts-title">{t('optionsAccountsTitle')}</h2>
              <button type="button" id="add-account" class="primary" ref={addButton} onClick={() => setMode({ kind: 'add' })}>
                {t('optionsAddAccount')}
              </button>
            </div>
            {state ? <AccountList accounts={state.accounts} onEdit={(account) => setMode({ kind: 'edit', account })} /> : null}
          </>
        ) : (
          <>
            <h2 id="accounts-title" class="visually-hidden">{t('optionsAccountsTitle')}</h2>
            <AccountForm key={mode.kind === 'edit' ? mode.account.name : 'new'} editing={mode.kind === 'edit' ? mode.account : undefined} onDone={back} onCancel={back} />
          </>
        )}
      </section>
      <SettingsSection />
      {state && <HelperInfo host={state.host} />}
    </main>
  );
}
