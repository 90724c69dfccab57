// One account in the popup: name, total unseen, connection status and per-folder counts.
import { t } from '../lib/i18n';
import type { AccountView } from '../lib/protocol';
import { accountUnseen } from '../lib/state';

const STATUS_KEYS = { connecting: 'stateConnecting', ok: 'stateOk', offline: 'stateOffline', error: 'stateError' } as const;

export function AccountCard({ account }: { account: AccountView }) {
  const unseen = accountUnseen(account);
  const { state, problem } = account.status;
  return (
    <article class={`account account--${state}`} aria-label={account.name}>
      <div class="account__head">
        <h2 class="account__name">{account.name}</h2>
        <span class="account__unseen" data-testid="account-unseen" aria-label={t('unseenLabel', [String(unseen)])}>
          {unseen}
        </span>
      </div>
      <p class={`account__status${state === 'error' ? ' account__status--error' : ''}`}>
        {t(STATUS_KEYS[state])}
        {problem && state !== 'ok' ? ` — ${problem.message}` : ''}
      </p>
      {account.counts.length > 1 && (
        <ul class="folders">
          {account.counts.map((folder) => (
            <li key={folder.path}>
              <span>{folder.path}</span>
              <span>{t('folderCount', [String(folder.unseen), String(folder.total)])}</span>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
