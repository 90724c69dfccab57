// The popup: accounts with their newest messages from the worker's cached state, or the empty state that says what to do next.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountCard } from '../../components/popup/AccountCard';
import { RowActionsShown } from '../../components/popup/MessageRow';
import { EmptyState } from '../../components/popup/EmptyState';
import { requestRefresh } from '../../components/host-requests';
import { HELP_HELPER_MISSING } from '../../lib/help-links';
import { INSTALL_COMMAND } from '../../lib/install-command';
import { isUndoKey } from '../../components/popup/keyboard';
import { usePopupStorage, type PopupStorage } from '../../components/popup/popup-storage';
import { fixCommand, fixLabel, problemText } from '../../components/problem-text';
import { useMailActions } from '../../components/popup/useMailActions';
import { t } from '../../lib/i18n';
import { totalUnseen, type ExtensionState } from '../../lib/state';
import { editAccountHash } from '../../lib/options-link';

/** Relative dates ("5 min ago") are re-rendered this often while the popup stays open. */
const CLOCK_TICK_MS = 30_000;

interface Props {
  /** The stored values main.tsx read before rendering; without them (tests) the popup reads them itself. */
  initial?: PopupStorage | undefined;
  /** The rows' action buttons come in the render after the first frame (main.tsx): see RowActionsShown. */
  actionsAfterFirstFrame?: boolean;
}

export function App({ initial, actionsAfterFirstFrame = false }: Props) {
  const [stored, toggleCollapsed] = usePopupStorage(initial);
  const firstFramePainted = useFirstFramePainted();
  const actions = useMailActions();
  const now = useNow(CLOCK_TICK_MS);
  // The cached state renders at once; the refresh brings the server's news in behind it.
  useEffect(requestRefresh, []);
  // "u" undoes the last action from anywhere in the popup, as its help line says.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isUndoKey(event) || !actions.undo) return;
      event.preventDefault();
      actions.undoLast();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [actions]);

  if (!stored) return null; // storage answers within a frame; nothing to flash meanwhile
  const { state, previewLimit, collapsed } = stored;
  const locale = navigator.language;
  const openOptions = () => void browser.runtime.openOptionsPage();
  const openUrl = (url: string) => void browser.tabs.create({ url });
  // A fix button opens that account's form in the options page.
  const openAccountOptions = (name: string) => openUrl(browser.runtime.getURL(`/options.html${editAccountHash(name)}`));
  return (
    <RowActionsShown.Provider value={!actionsAfterFirstFrame || firstFramePainted}>
      <main class="popup" aria-labelledby="popup-title">
        <h1 id="popup-title" class="popup__title">
          {t('extName')}
        </h1>
        {actions.problem && (
          <div class="alert" role="alert">
            <p>{t('popupActionFailed', [problemText(actions.problem)])}</p>
            {fixCommand(actions.problem) && <code class="empty__command">{fixCommand(actions.problem)}</code>}
            {actions.problem.account && fixLabel(actions.problem) && (
              <button type="button" class="text-button" onClick={() => openAccountOptions(actions.problem!.account!)}>
                {fixLabel(actions.problem)}
              </button>
            )}
            <button type="button" class="text-button" onClick={actions.dismissProblem}>
              {t('popupDismiss')}
            </button>
          </div>
        )}
        <Body state={state} openOptions={openOptions} />
        {state.accounts.length > 0 && state.host.state !== 'missing' && state.host.state !== 'incompatible' && (
          <ul class="accounts" aria-label={t('accountsLabel')}>
            {state.accounts.map((account) => (
              <li key={account.name}>
                <AccountCard
                  account={account}
                  previewLimit={previewLimit}
                  actions={actions}
                  now={now}
                  locale={locale}
                  collapsed={collapsed.has(account.name)}
                  onToggle={() => toggleCollapsed(account.name)}
                  onOpenOptions={() => openAccountOptions(account.name)}
                  onOpenUrl={openUrl}
                />
              </li>
            ))}
          </ul>
        )}
        {totalUnseen(state) > 0 && <p class="popup__keys">{t('popupKeysHelp')}</p>}
      </main>
    </RowActionsShown.Provider>
  );
}

/** What is said above the accounts (or instead of them): the empty states and the helper's own trouble. */
function Body({ state, openOptions }: { state: ExtensionState; openOptions(): void }) {
  const { host, accounts } = state;
  if (host.state === 'missing') {
    return <EmptyState title={t('hostMissing')} detail={t('hostMissingHelp')} command={INSTALL_COMMAND} helpUrl={HELP_HELPER_MISSING} />;
  }
  if (host.state === 'incompatible') {
    // Helper and extension speak different protocol versions: say which one to update (and how, for the helper).
    return host.problem?.code === 'EXTENSION_OUTDATED'
      ? <EmptyState title={t('extensionOutdated')} detail={t('extensionOutdatedHelp')} />
      : <EmptyState title={t('hostOutdated')} detail={t('hostOutdatedHelp')} command={INSTALL_COMMAND} helpUrl={HELP_HELPER_MISSING} />;
  }
  if (accounts.length === 0) {
    // Before the helper's first answer an empty list means "not known yet", not "no accounts".
    if (host.state === 'connecting') return <p class="note" role="status">{t('popupConnectingHost')}</p>;
    return (
      <EmptyState title={t('noAccounts')} detail={t('popupNoAccountsHelp')}>
        <button type="button" class="primary-button" onClick={openOptions}>
          {t('popupAddAccount')}
        </button>
      </EmptyState>
    );
  }
  if (host.state === 'disconnected') return <p class="note" role="status">{t('popupHostDisconnected')}</p>;
  const attention = accounts.some((account) => account.status.state === 'error');
  if (totalUnseen(state) === 0 && !attention) {
    return <EmptyState title={t('popupAllCaughtUp')} detail={t('popupAllCaughtUpHelp')} />;
  }
  return null;
}

/** False in the first render; true once its frame has been painted (Preact runs effects after the next frame). */
function useFirstFramePainted(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => setPainted(true), []);
  return painted;
}

function useNow(tickMs: number): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  return now;
}
