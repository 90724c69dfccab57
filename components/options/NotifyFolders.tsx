// Per account, which watched folders raise a desktop notification (INBOX until the user chooses).
import { t } from '../../lib/i18n';
import { notifiesFolder } from '../../lib/notify-decisions';
import type { Settings } from '../../lib/settings';
import { useExtensionState } from '../useExtensionState';

interface Props {
  settings: Settings;
  onChange(notifyFolders: Settings['notifyFolders']): void;
}

export function NotifyFolders({ settings, onChange }: Props) {
  const state = useExtensionState();
  const accounts = state?.accounts ?? [];
  if (accounts.length === 0) return null;
  const toggle = (account: string, folders: string[], folder: string, on: boolean) => {
    const chosen = folders.filter((path) => (path === folder ? on : notifiesFolder(settings, account, path)));
    onChange({ ...settings.notifyFolders, [account]: chosen });
  };
  return (
    <fieldset disabled={!settings.notifications}>
      <legend>{t('optionsNotifyFolders')}</legend>
      {accounts.map((account, a) => (
        <div key={account.name} class="notify-account">
          <p class="notify-account__name">{account.name}</p>
          {account.folders.map((folder, f) => {
            const id = `notify-${a}-${f}`;
            return (
              <div class="check" key={folder}>
                <input
                  id={id}
                  type="checkbox"
                  checked={notifiesFolder(settings, account.name, folder)}
                  onChange={(e) => toggle(account.name, account.folders, folder, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label for={id}>{folder}</label>
              </div>
            );
          })}
        </div>
      ))}
    </fieldset>
  );
}
