// One watched folder inside an account card: its newest messages, "Mark all read", "Archive read" and, for a few
// seconds after an action, "Undo" (in the place of a message that left, or in the folder's head).
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { Preview } from '../../lib/protocol';
import type { MoveAction } from '../../lib/protocol-actions';
import { webmailLink } from '../../lib/webmail-link';
import type { FolderGroup } from './folders';
import { LeftRow, MessageRow } from './MessageRow';
import { problemText } from '../problem-text';
import type { FolderRef, MailActions, PendingUndo } from './useMailActions';

interface Props {
  account: string;
  group: FolderGroup;
  /** Folder names are only worth their space when an account watches several. */
  showHeading: boolean;
  webmailUrl?: string | undefined;
  actions: MailActions;
  now: Date;
  locale: string;
  onOpen(url: string): void;
}

const LEFT_KEYS: Record<MoveAction, string> = { archive: 'popupArchived', delete: 'popupDeleted', spam: 'popupMarkedSpam' };

export function FolderSection({ account, group, showHeading, webmailUrl, actions, now, locale, onOpen }: Props) {
  const target: FolderRef | undefined = group.uidValidity ? { account, folder: group.folder, uidValidity: group.uidValidity } : undefined;
  const undo = actions.undo?.account === account && actions.undo.folder === group.folder ? actions.undo : undefined;
  // Folder-wide actions are undone from the head; a message that left is undone where it was.
  const headUndo = undo && (undo.kind === 'markAllRead' || undo.action === 'archiveRead') ? undo : undefined;
  const undoButton = useRef<HTMLButtonElement>(null);
  // The buttons in the head disappear with what they acted on; focus moves to Undo so keyboard users keep their place.
  useEffect(() => {
    if (headUndo) undoButton.current?.focus();
  }, [headUndo]);

  const shownUnread = group.previews.filter((p) => !p.seen).length;
  const more = group.unseen - shownUnread;
  const headingId = `folder-${account}-${group.folder}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const rows = rowsWithPlaceholder(group.previews, undo);
  return (
    <section class="folder" aria-labelledby={showHeading ? headingId : undefined} aria-label={showHeading ? undefined : group.folder}>
      <div class="folder__head">
        {showHeading && (
          <h3 class="folder__name" id={headingId}>
            {group.folder} <span class="folder__count">({t('unseenLabel', [String(group.unseen)])})</span>
          </h3>
        )}
        {headUndo ? (
          <p class="folder__undo" role="status">
            {headUndoText(headUndo, group.folder)}{' '}
            <button type="button" class="text-button" ref={undoButton} aria-keyshortcuts="U" onClick={actions.undoLast}>
              {t('popupUndo')}
            </button>
          </p>
        ) : (
          target && (
            <span class="folder__actions">
              {group.unseen > 0 && (
                <button
                  type="button"
                  class="text-button"
                  aria-label={t('popupMarkAllReadIn', [group.folder])}
                  onClick={() => actions.markAllRead(target, group.previews.filter((p) => !p.seen).map((p) => p.uid))}
                >
                  {t('popupMarkAllRead')}
                </button>
              )}
              {group.total > group.unseen && (
                <button type="button" class="text-button" aria-label={t('popupArchiveReadIn', [group.folder])} onClick={() => actions.archiveRead(target)}>
                  {t('popupArchiveRead')}
                </button>
              )}
            </span>
          )
        )}
      </div>
      {group.problem && <p class="folder__problem">{problemText(group.problem)}</p>}
      {rows.length > 0 && target && (
        <ul class="messages" aria-label={t('popupMessagesIn', [group.folder])}>
          {rows.map((row) =>
            row.kind === 'left' ? (
              <LeftRow key={`left-${row.uid}`} height={row.height} label={t(row.forGood ? 'popupDeletedForGood' : LEFT_KEYS[row.action])} onUndo={actions.undoLast} />
            ) : (
              <MessageRow
                key={row.preview.uid}
                preview={row.preview}
                now={now}
                locale={locale}
                onMark={(seen) => actions.mark(target, row.preview.uid, seen)}
                onStar={(flagged) => actions.star(target, row.preview.uid, flagged)}
                onMove={(action, element) => actions.move(target, row.preview.uid, action, { index: row.index, height: element.getBoundingClientRect().height })}
                onSave={() => actions.save(target, row.preview)}
                onOpen={openerFor(webmailUrl, row.preview, onOpen)}
              />
            ),
          )}
        </ul>
      )}
      {more > 0 && shownUnread > 0 && <p class="folder__more">{t('popupMoreUnread', [String(more)])}</p>}
    </section>
  );
}

type Row = { kind: 'message'; preview: Preview; index: number } | { kind: 'left'; uid: number; height: number; action: MoveAction; forGood: boolean };

/** The folder's messages, with the place of one that left held at its old position while its Undo is offered. */
function rowsWithPlaceholder(previews: Preview[], undo: PendingUndo | undefined): Row[] {
  const rows: Row[] = previews.map((preview, index) => ({ kind: 'message', preview, index }));
  if (undo?.kind === 'move' && undo.action !== 'archiveRead' && undo.slot && !previews.some((p) => undo.uids.includes(p.uid))) {
    rows.splice(Math.min(undo.slot.index, rows.length), 0, { kind: 'left', uid: undo.uids[0]!, height: undo.slot.height, action: undo.action, forGood: undo.forGood === true });
  }
  return rows;
}

function headUndoText(undo: PendingUndo, folder: string): string {
  if (undo.kind === 'markAllRead') return t('popupMarkedAllRead', [folder]);
  if (undo.count === undefined) return t('popupArchivingRead');
  const done = t('popupArchivedRead', [String(undo.count)]);
  return undo.remaining ? `${done} ${t('popupArchiveReadMore', [String(undo.remaining)])}` : done;
}

/** Open goes to the account's webmail (a search for this message when the URL is a pattern); no URL, no button. */
function openerFor(webmailUrl: string | undefined, preview: Preview, onOpen: (url: string) => void): (() => void) | undefined {
  const url = webmailUrl && webmailLink(webmailUrl, preview);
  return url ? () => onOpen(url) : undefined;
}
