// Every configured account with its server and watched folders, and buttons to edit or remove it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { AccountView, Problem } from '../../lib/protocol';
import { askHost, unexpectedReply } from '../host-requests';
import { ProblemMessage } from './ProblemMessage';

interface Props {
  accounts: AccountView[];
  onEdit(account: AccountView): void;
}

export function AccountList({ accounts, onEdit }: Props) {
  const [confirming, setConfirming] = useState<string>();
  const [removing, setRemoving] = useState(false);
  const [problem, setProblem] = useState<Problem>();

  const remove = async (name: string) => {
    setRemoving(true);
    setProblem(undefined);
    const reply = await askHost({ type: 'removeAccount', account: name });
    setRemoving(false);
    // The worker has already fetched the host's new state when it answers ok, so the list is current.
    if (reply.type === 'ok') {
      setConfirming(undefined);
      document.getElementById('add-account')?.focus();
    } else {
      setProblem(unexpectedReply(reply));
    }
  };

  if (accounts.length === 0) return <p class="empty" data-testid="no-accounts">{t('optionsNoAccounts')}</p>;
  return (
    <>
      {problem && <ProblemMessage problem={problem} />}
      <ul class="account-list" aria-label={t('optionsAccountsTitle')}>
        {accounts.map((account, index) => (
          <li key={account.name} class="account-item" data-testid="account-item">
            <div class="account-item__text">
              <h3 class="account-item__name">{account.name}</h3>
              <p class="hint">
                {t('optionsAccountSummary', [account.user, `${account.host}:${account.port}`, t(account.security === 'tls' ? 'optionsSecurityTlsShort' : 'optionsSecurityStarttlsShort')])}
              </p>
              <p class="hint">{t('optionsAccountFolders', [account.folders.join(', ')])}</p>
            </div>
            {confirming === account.name ? (
              <ConfirmRemove name={account.name} busy={removing} onConfirm={() => void remove(account.name)} onCancel={() => {
                  setConfirming(undefined);
                  setTimeout(() => document.getElementById(`remove-${index}`)?.focus());
                }}
              />
            ) : (
              <div class="account-item__actions">
                <button type="button" onClick={() => onEdit(account)} aria-label={t('optionsEditAccount', [account.name])}>
                  {t('optionsEdit')}
                </button>
                <button type="button" id={`remove-${index}`} onClick={() => setConfirming(account.name)} aria-label={t('optionsRemoveAccount', [account.name])}>
                  {t('optionsRemove')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Asks before removing; focus moves to the question's first button so the keyboard user answers it at once. */
function ConfirmRemove({ name, busy, onConfirm, onCancel }: { name: string; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div class="confirm" role="group" aria-labelledby="confirm-remove-text">
      <p id="confirm-remove-text">{t('optionsRemoveConfirm', [name])}</p>
      <button type="button" class="danger" disabled={busy} onClick={onConfirm} ref={yes}>
        {t('optionsRemoveYes')}
      </button>
      <button type="button" disabled={busy} onClick={onCancel}>
        {t('optionsCancel')}
      </button>
    </div>
  );
}
