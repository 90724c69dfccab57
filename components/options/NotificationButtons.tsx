// The two buttons a new-mail notification offers (Chrome shows no more): mark read, archive, delete, spam, star or open.
import { t } from '../../lib/i18n';
import { ACTION_LABEL_KEYS, NOTIFICATION_ACTIONS, type NotificationAction } from '../../lib/notification-content';

interface Props {
  buttons: readonly NotificationAction[];
  disabled: boolean;
  onChange(buttons: NotificationAction[]): void;
}

export function NotificationButtons({ buttons, disabled, onChange }: Props) {
  const pick = (slot: 0 | 1, value: string) => {
    const next = [buttons[0] ?? '', buttons[1] ?? ''];
    next[slot] = value;
    // The same button twice would be one button shown twice: keep the first.
    onChange(next.filter((action, i): action is NotificationAction => action !== '' && next.indexOf(action) === i));
  };
  return (
    <fieldset disabled={disabled}>
      <legend>{t('optionsNotificationButtons')}</legend>
      <p class="hint">{t('optionsNotificationButtonsHint')}</p>
      <div class="row">
        {([0, 1] as const).map((slot) => (
          <div class="field" key={slot}>
            <label for={`set-button-${slot}`}>{t(slot === 0 ? 'optionsNotificationButton1' : 'optionsNotificationButton2')}</label>
            <select id={`set-button-${slot}`} value={buttons[slot] ?? ''} onChange={(e) => pick(slot, (e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{t('optionsButtonNone')}</option>
              {NOTIFICATION_ACTIONS.map((action) => (
                <option key={action} value={action}>
                  {t(ACTION_LABEL_KEYS[action])}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
