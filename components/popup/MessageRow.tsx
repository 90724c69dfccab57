// One previewed message: sender, date, subject, snippet (clamped, bidi-isolated, in full in the tooltip), with its
// actions as real buttons shown on hover and focus, and its keys when the row has focus.
import { createContext, type TargetedKeyboardEvent, type TargetedMouseEvent } from 'preact';
import { useContext } from 'preact/hooks';
import { t } from '../../lib/i18n';
import type { Preview } from '../../lib/protocol';
import type { MoveAction } from '../../lib/protocol-actions';
import { formatFull, formatWhen } from './format';
import { Icon, type IconName } from './Icons';
import { keyAction, moveFocus } from './keyboard';

export interface MessageHandlers {
  onMark(seen: boolean): void;
  onStar(flagged: boolean): void;
  /** `row` is the row's element, whose place is held while Undo is offered. */
  onMove(action: MoveAction, row: HTMLElement): void;
  onSave(): void;
  /** Absent when the account has no webmail address: there is nowhere to open the message. */
  onOpen?: (() => void) | undefined;
}

type ButtonAction = 'read' | 'star' | MoveAction | 'save' | 'open';

/**
 * False while the popup's first frame is being made: the rows' action buttons, which no one sees before hovering or
 * focusing a row, are then left for the render right after it (350 buttons were half of that first render).
 */
export const RowActionsShown = createContext(true);

interface Props extends MessageHandlers {
  preview: Preview;
  now: Date;
  locale: string;
}

export function MessageRow({ preview, now, locale, onMark, onStar, onMove, onSave, onOpen }: Props) {
  const subject = preview.subject.trim() || t('popupNoSubject');
  const sender = preview.from.trim() || preview.fromAddress || t('popupUnknownSender');
  const id = `message-${preview.folder}-${preview.uid}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const actionsShown = useContext(RowActionsShown);

  const move = (action: MoveAction, row: HTMLElement) => {
    // The row leaves the list: keyboard focus goes on to the next message (or back to the one before).
    if (row.contains(document.activeElement)) moveFocus(row, 1) || moveFocus(row, -1);
    onMove(action, row);
  };

  const onKeyDown = (event: TargetedKeyboardEvent<HTMLLIElement>) => {
    const row = event.currentTarget;
    const action = keyAction(event, row);
    if (!action) return;
    event.preventDefault();
    if (action === 'next' || action === 'previous') moveFocus(row, action === 'next' ? 1 : -1);
    else if (action === 'open') onOpen?.();
    else if (action === 'read') onMark(!preview.seen);
    else if (action === 'star') onStar(!preview.flagged);
    else move(action, row);
  };

  // One click handler for the row's buttons (each names its action): 50 rows × 7 listeners were a visible part of the
  // popup's first render.
  const onClick = (event: TargetedMouseEvent<HTMLLIElement>) => {
    const action = (event.target as Element).closest<HTMLElement>('button[data-action]')?.dataset.action as ButtonAction | undefined;
    if (action === 'read') onMark(!preview.seen);
    else if (action === 'star') onStar(!preview.flagged);
    else if (action === 'save') onSave();
    else if (action === 'open') onOpen?.();
    else if (action) move(action, event.currentTarget);
  };

  // The icon is the button's ::before, drawn only while the row's actions show (style.css).
  const button = (action: ButtonAction, label: string, shortcut: string | undefined, icon: IconName, pressed?: boolean) => (
    <button type="button" class={`icon-button icon--${icon}`} data-action={action} aria-label={label} title={label} aria-keyshortcuts={shortcut} aria-pressed={pressed} />
  );

  return (
    <li class={`message${preview.seen ? '' : ' message--unread'}`} data-uid={preview.uid} tabIndex={0} aria-labelledby={`${id}-subject`} aria-describedby={`${id}-from`} onKeyDown={onKeyDown} onClick={onClick}>
      <div class="message__text">
        <p class="message__line">
          <bdi class="message__from" id={`${id}-from`} title={preview.fromAddress ? `${sender} <${preview.fromAddress}>` : sender}>
            {sender}
          </bdi>
          {preview.flagged && (
            <span class="message__star" title={t('popupStarred')}>
              <Icon name="starred" />
              <span class="visually-hidden">{t('popupStarred')}</span>
            </span>
          )}
          {preview.date && (
            <time class="message__when" dateTime={preview.date} title={formatFull(preview.date, locale)}>
              {formatWhen(preview.date, now, locale)}
            </time>
          )}
        </p>
        <p class="message__subject" id={`${id}-subject`} dir="auto" title={subject}>
          {/* Its own dir keeps this label out of dir="auto", which must find the subject's first letter, not "Unread". */}
          {!preview.seen && <span class="visually-hidden" dir="auto">{t('popupUnread')}: </span>}
          {subject}
        </p>
        {preview.snippet && (
          <p class="message__snippet" dir="auto" title={preview.snippet}>
            {preview.snippet}
          </p>
        )}
      </div>
      {actionsShown && (
        <div class="message__actions" role="group" aria-label={t('popupActionsFor', [subject])}>
          {button('read', t(preview.seen ? 'popupMarkUnread' : 'popupMarkRead', [subject]), 'R', preview.seen ? 'unread' : 'read')}
          {button('star', t('popupStar', [subject]), 'S', preview.flagged ? 'starred' : 'star', preview.flagged)}
          {button('archive', t('popupArchive', [subject]), 'E', 'archive')}
          {button('delete', t('popupDelete', [subject]), '#', 'delete')}
          {button('spam', t('popupSpam', [subject]), '!', 'spam')}
          {button('save', t('popupSave', [subject]), undefined, 'save')}
          {onOpen && button('open', t('popupOpenMessage', [subject]), 'Enter', 'open')}
        </div>
      )}
    </li>
  );
}

/** Holds a message's place while its Undo is offered: same height, so the rows below stay where they were. */
export function LeftRow({ height, label, onUndo }: { height: number; label: string; onUndo(): void }) {
  return (
    <li class="message message--left" style={{ height: `${height}px` }}>
      <p role="status">
        {label}{' '}
        <button type="button" class="text-button" aria-keyshortcuts="U" onClick={onUndo}>
          {t('popupUndo')}
        </button>
      </p>
    </li>
  );
}
