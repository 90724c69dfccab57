// One previewed message: sender, date, subject, snippet, with mark read/unread and open as real buttons.
import { t } from '../../lib/i18n';
import type { Preview } from '../../lib/protocol';
import { formatFull, formatWhen } from './format';
import { MarkReadIcon, MarkUnreadIcon, OpenIcon } from './Icons';

interface Props {
  preview: Preview;
  now: Date;
  locale: string;
  onMark(seen: boolean): void;
  /** Absent when the account has no webmail address: there is nowhere to open the message. */
  onOpen?: () => void;
}

export function MessageRow({ preview, now, locale, onMark, onOpen }: Props) {
  const subject = preview.subject.trim() || t('popupNoSubject');
  const sender = preview.from.trim() || preview.fromAddress || t('popupUnknownSender');
  const markLabel = t(preview.seen ? 'popupMarkUnread' : 'popupMarkRead', [subject]);
  return (
    <li class={`message${preview.seen ? '' : ' message--unread'}`} data-uid={preview.uid}>
      <div class="message__text">
        <p class="message__line">
          <span class="message__from" title={preview.fromAddress}>{sender}</span>
          {preview.date && (
            <time class="message__when" dateTime={preview.date} title={formatFull(preview.date, locale)}>
              {formatWhen(preview.date, now, locale)}
            </time>
          )}
        </p>
        <p class="message__subject">
          {!preview.seen && <span class="visually-hidden">{t('popupUnread')}: </span>}
          {subject}
        </p>
        {preview.snippet && <p class="message__snippet">{preview.snippet}</p>}
      </div>
      <div class="message__actions">
        <button type="button" class="icon-button" aria-label={markLabel} title={markLabel} onClick={() => onMark(!preview.seen)}>
          {preview.seen ? <MarkUnreadIcon /> : <MarkReadIcon />}
        </button>
        {onOpen && (
          <button type="button" class="icon-button" aria-label={t('popupOpenMessage', [subject])} title={t('popupOpenMessage', [subject])} onClick={onOpen}>
            <OpenIcon />
          </button>
        )}
      </div>
    </li>
  );
}
