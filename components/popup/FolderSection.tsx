// One watched folder inside an account card: its newest messages, "Mark all read" and, for a few seconds, "Undo".
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { Preview } from '../../lib/protocol';
import { webmailLink } from '../../lib/webmail-link';
import type { FolderGroup } from './folders';
import { MessageRow } from './MessageRow';
import { problemText } from '../problem-text';
import type { FolderRef, MailActions } from './useMailActions';

interface Props {
  account: string;
  group: FolderGroup;
  /** Folder names are only worth their space when an account watches several. */
  showHeading: boolean;
  webmailUrl?: string;
  actions: MailActions;
  now: Date;
  locale: string;
  onOpen(url: string): void;
}

export function FolderSection({ account, group, showHeading, webmailUrl, actions, now, locale, onOpen }: Props) {
  const target: FolderRef | undefined = group.uidValidity ? { account, folder: group.folder, uidValidity: group.uidValidity } : undefined;
  const undo = actions.undo?.account === account && actions.undo.folder === group.folder ? actions.undo : undefined;
  const undoButton = useRef<HTMLButtonElement>(null);
  // "Mark all read" disappears with the unread messages; focus moves to Undo so keyboard users keep their place.
  useEffect(() => {
    if (undo) undoButton.current?.focus();
  }, [undo]);

  const shownUnread = group.previews.filter((p) => !p.seen).length;
  const more = group.unseen - shownUnread;
  const headingId = `folder-${account}-${group.folder}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return (
    <section class="folder" aria-labelledby={showHeading ? headingId : undefined} aria-label={showHeading ? undefined : group.folder}>
      <div class="folder__head">
        {showHeading && (
          <h3 class="folder__name" id={headingId}>
            {group.folder} <span class="folder__count">({t('unseenLabel', [String(group.unseen)])})</span>
          </h3>
        )}
        {undo ? (
          <p class="folder__undo" role="status">
            {t('popupMarkedAllRead', [group.folder])}{' '}
            <button type="button" class="text-button" ref={undoButton} onClick={actions.undoMarkAllRead}>
              {t('popupUndo')}
            </button>
          </p>
        ) : (
          target &&
          group.unseen > 0 && (
            <button
              type="button"
              class="text-button folder__all-read"
              aria-label={t('popupMarkAllReadIn', [group.folder])}
              onClick={() => actions.markAllRead(target, group.previews.filter((p) => !p.seen).map((p) => p.uid))}
            >
              {t('popupMarkAllRead')}
            </button>
          )
        )}
      </div>
      {group.problem && <p class="folder__problem">{problemText(group.problem)}</p>}
      {group.previews.length > 0 && target && (
        <ul class="messages" aria-label={t('popupMessagesIn', [group.folder])}>
          {group.previews.map((preview) => (
            <MessageRow
              key={preview.uid}
              preview={preview}
              now={now}
              locale={locale}
              onMark={(seen) => actions.mark(target, preview.uid, seen)}
              onOpen={openerFor(webmailUrl, preview, onOpen)}
            />
          ))}
        </ul>
      )}
      {more > 0 && shownUnread > 0 && <p class="folder__more">{t('popupMoreUnread', [String(more)])}</p>}
    </section>
  );
}

/** Open goes to the account's webmail (a search for this message when the URL is a pattern); no URL, no button. */
function openerFor(webmailUrl: string | undefined, preview: Preview, onOpen: (url: string) => void): (() => void) | undefined {
  const url = webmailUrl && webmailLink(webmailUrl, preview);
  return url ? () => onOpen(url) : undefined;
}

