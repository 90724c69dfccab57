// The user's preferences (lib/settings.ts), each saved as soon as it changes and checked with the Settings schema.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { loadSettings, Settings } from '../../lib/settings';
import { settings as settingsItem } from '../../lib/storage';
import { NotificationButtons } from './NotificationButtons';
import { NotifyFolders } from './NotifyFolders';

type SaveState = 'idle' | 'saved' | 'invalid';

export function SettingsSection() {
  const [current, setCurrent] = useState<Settings>();
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [previews, setPreviews] = useState('');

  useEffect(() => {
    void loadSettings().then((loaded) => {
      setCurrent(loaded);
      setPreviews(String(loaded.previewsPerAccount));
    });
  }, []);

  if (!current) return null;

  const save = async (change: Partial<Settings>) => {
    const parsed = Settings.safeParse({ ...current, ...change });
    if (!parsed.success) return setSaveState('invalid');
    setCurrent(parsed.data);
    await settingsItem.setValue(parsed.data);
    setSaveState('saved');
  };
  const quiet = (change: Partial<Settings['quietHours']>) => void save({ quietHours: { ...current.quietHours, ...change } });

  return (
    <section class="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('optionsSettingsTitle')}</h2>
      <div class="check">
        <input id="set-notifications" type="checkbox" checked={current.notifications} onChange={(e) => void save({ notifications: (e.currentTarget as HTMLInputElement).checked })} />
        <label for="set-notifications">{t('optionsSettingNotifications')}</label>
      </div>
      <div class="check">
        <input id="set-sound" type="checkbox" checked={current.sound} disabled={!current.notifications} onChange={(e) => void save({ sound: (e.currentTarget as HTMLInputElement).checked })} />
        <label for="set-sound">{t('optionsSettingSound')}</label>
      </div>
      <NotifyFolders settings={current} onChange={(notifyFolders) => void save({ notifyFolders })} />
      <NotificationButtons buttons={current.notificationButtons} disabled={!current.notifications} onChange={(notificationButtons) => void save({ notificationButtons })} />
      <fieldset>
        <legend>{t('optionsQuietHours')}</legend>
        <div class="check">
          <input id="set-quiet" type="checkbox" checked={current.quietHours.enabled} onChange={(e) => quiet({ enabled: (e.currentTarget as HTMLInputElement).checked })} />
          <label for="set-quiet">{t('optionsQuietHoursEnabled')}</label>
        </div>
        <div class="row">
          <div class="field">
            <label for="set-quiet-start">{t('optionsQuietHoursStart')}</label>
            <input id="set-quiet-start" type="time" value={current.quietHours.start} disabled={!current.quietHours.enabled} onChange={(e) => quiet({ start: (e.currentTarget as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="set-quiet-end">{t('optionsQuietHoursEnd')}</label>
            <input id="set-quiet-end" type="time" value={current.quietHours.end} disabled={!current.quietHours.enabled} onChange={(e) => quiet({ end: (e.currentTarget as HTMLInputElement).value })} />
          </div>
        </div>
      </fieldset>
      <div class="field">
        <label for="set-previews">{t('optionsSettingPreviews')}</label>
        <input
          id="set-previews"
          type="number"
          inputMode="numeric"
          min={0}
          max={50}
          value={previews}
          aria-describedby="set-previews-hint"
          aria-invalid={saveState === 'invalid'}
          onInput={(e) => {
            const raw = (e.currentTarget as HTMLInputElement).value;
            setPreviews(raw);
            void save({ previewsPerAccount: /^\d+$/.test(raw) ? Number(raw) : Number.NaN });
          }}
        />
        <p class="hint" id="set-previews-hint">{t('optionsSettingPreviewsHint')}</p>
      </div>
      <fieldset>
        <legend>{t('optionsBadgeCounts')}</legend>
        <div class="check">
          <input id="set-badge-all" type="radio" name="badgeCounts" value="all" checked={current.badgeCounts === 'all'} onChange={() => void save({ badgeCounts: 'all' })} />
          <label for="set-badge-all">{t('optionsBadgeCountsAll')}</label>
        </div>
        <div class="check">
          <input id="set-badge-inbox" type="radio" name="badgeCounts" value="inbox" checked={current.badgeCounts === 'inbox'} onChange={() => void save({ badgeCounts: 'inbox' })} />
          <label for="set-badge-inbox">{t('optionsBadgeCountsInbox')}</label>
        </div>
      </fieldset>
      <p class={saveState === 'invalid' ? 'field-error' : 'hint'} aria-live="polite" data-testid="settings-status">
        {saveState === 'saved' ? t('optionsSettingsSaved') : saveState === 'invalid' ? t('optionsSettingsInvalid') : ''}
      </p>
    </section>
  );
}
