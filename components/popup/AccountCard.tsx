// One account in the popup: a head that stays in view while its list scrolls (colour dot, name that collapses and
// expands the account, total unseen), its connection status, and its folders' newest messages.
import { HELP_NEEDS_YOU } from '../../lib/help-links';
import { t } from '../../lib/i18n';
import type { AccountView } from '../../lib/protocol';
import { accountUnseen } from '../../lib/state';
import { accountColor, formatWhen } from './format';
import { folderGroups } from './folders';
import { FolderSection } from './FolderSection';
import { fixLabel, problemText } from '../problem-text';
import type { MailActions } from './useMailActions';

interface Props {
  account: AccountView;
  previewLimit: number;
  actions: MailActions;
  now: Date;
  locale: string;
  collapsed: boolean;
  onToggle(): void;
  onOpenOptions(): void;
  onOpenUrl(url: string): void;
}

export function AccountCard({ account, previewLimit, actions, now, locale, collapsed, onToggle, onOpenOptions, onOpenUrl }: Props) {
  const unseen = accountUnseen(account);
  // A folder with nothing to show still stays while its Undo is offered: the host soon sends it without previews.
  const undoing = (folder: string) => actions.undo?.account === account.name && actions.undo.folder === folder;
  const groups = folderGroups(account, previewLimit).filter((g) => g.unseen > 0 || g.previews.length > 0 || g.problem || undoing(g.folder));
  const bodyId = `account-${account.name}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <article class={`account account--${account.status.state}`} aria-label={account.name}>
      <div class="account__head">
        <span class="account__dot" style={{ background: accountColor(account.name) }} aria-hidden="true" />
        <h2 class="account__name">
          <button type="button" class="account__toggle" aria-expanded={!collapsed} aria-controls={bodyId} onClick={onToggle}>
            <bdi>{account.name}</bdi>
          </button>
        </h2>
        <span class={`account__unseen${unseen === 0 ? ' account__unseen--zero' : ''}`} data-testid="account-unseen" aria-label={t('unseenLabel', [String(unseen)])}>
          {unseen}
        </span>
      </div>
      <div id={bodyId} hidden={collapsed}>
        <StatusLine account={account} now={now} locale={locale} onOpenOptions={onOpenOptions} />
        {groups.map((group) => (
          <FolderSection
            key={group.folder}
            account={account.name}
            group={group}
            showHeading={account.folders.length > 1}
            webmailUrl={account.webmailUrl}
            actions={actions}
            now={now}
            locale={locale}
            onOpen={onOpenUrl}
          />
        ))}
      </div>
    </article>
  );
}

function StatusLine({ account, now, locale, onOpenOptions }: Pick<Props, 'account' | 'now' | 'locale' | 'onOpenOptions'>) {
  const { state, problem } = account.status;
  if (state === 'error' && problem) {
    const fix = fixLabel(problem);
    return (
      <div class="account__status account__status--error">
        <p>{t('popupNeedsAttention', [problemText(problem)])}</p>
        {problem.message && <p class="account__detail">{problem.message}</p>}
        {fix && (
          <button type="button" class="text-button" onClick={onOpenOptions}>
            {fix}
          </button>
        )}
        <a href={HELP_NEEDS_YOU} target="_blank" rel="noreferrer">
          {t('popupTroubleshooting')}
        </a>
      </div>
    );
  }
  if (state === 'offline') {
    const since = account.countsAt ? formatWhen(account.countsAt, now, locale) : '';
    return <p class="account__status">{since ? t('popupOfflineSince', [since]) : t('stateOffline')}</p>;
  }
  return <p class="account__status">{t(state === 'ok' ? 'stateOk' : state === 'connecting' ? 'stateConnecting' : 'stateError')}</p>;
}
