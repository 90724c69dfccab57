// Where "archive" moves this account's mail: the server's own Archive folder where it names one (RFC 6154), else the
// folder picked here from the account's folder tree.
import { t } from '../../lib/i18n';
import type { FolderInfo } from '../../lib/protocol';

interface Props {
  /** The account's folders, once loaded (Test connection or Load folders); until then only the choice is shown. */
  folders: FolderInfo[] | undefined;
  value: string;
  onChange(folder: string): void;
  /** Loads the folder tree (an existing account: the popup's "Choose an archive folder" lands here). */
  onLoad?: (() => void) | undefined;
}

export function ArchiveFolderChoice({ folders, value, onChange, onLoad }: Props) {
  const serverArchive = folders?.find((f) => f.specialUse === '\\Archive' && f.selectable);
  if (serverArchive) {
    return (
      <p class="hint" data-testid="archive-folder">
        {t('optionsArchiveServer', [serverArchive.folder])}
      </p>
    );
  }
  if (!folders) {
    return (
      <div class="field" data-testid="archive-folder">
        <p class="hint">{value ? t('optionsArchiveChosen', [value]) : t('optionsArchiveBeforeLoad')}</p>
        {onLoad && (
          <button type="button" onClick={onLoad}>
            {t('optionsArchiveChoose')}
          </button>
        )}
      </div>
    );
  }
  return (
    <div class="field" data-testid="archive-folder">
      <label for="account-archive">{t('optionsArchiveLabel')}</label>
      <select id="account-archive" value={value} aria-describedby="account-archive-hint" onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">{t('optionsArchiveNone')}</option>
        {folders
          .filter((f) => f.selectable)
          .map((f) => (
            <option key={f.folder} value={f.folder}>
              {f.folder}
            </option>
          ))}
      </select>
      <p class="hint" id="account-archive-hint">
        {t('optionsArchiveHint')}
      </p>
    </div>
  );
}
