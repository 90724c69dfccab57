// The form's folder part: which folders to watch (a tree once the server's list is loaded, else the current choice)
// and where "Archive" moves messages.
import { t } from '../../lib/i18n';
import type { FolderInfo } from '../../lib/protocol';
import { ArchiveFolderChoice } from './ArchiveFolderChoice';
import { FolderPicker } from './FolderPicker';

export interface FolderList {
  folders: FolderInfo[];
  /** Set when the server has more folders than it listed. */
  truncated?: { shown: number; total: number } | undefined;
}

interface Props {
  list: FolderList | undefined;
  watched: string[];
  archiveFolder: string;
  /** An i18n key: why the choice of folders is not valid. */
  error: string | undefined;
  onWatchedChange(folders: string[]): void;
  onArchiveChange(folder: string): void;
  /** Loads the server's folders, where the form can (an existing account, nothing in progress). */
  onLoad: (() => void) | undefined;
}

export function AccountFolders({ list, watched, archiveFolder, error, onWatchedChange, onArchiveChange, onLoad }: Props) {
  return (
    <>
      <span id="folder-picker-start" tabIndex={-1} />
      {list ? (
        <FolderPicker folders={list.folders} truncated={list.truncated} selected={watched} onChange={onWatchedChange} />
      ) : (
        <p class="hint">{t('optionsFoldersBeforeTest', [watched.join(', ')])}</p>
      )}
      {error && !list && <p class="field-error">{t(error)}</p>}
      <ArchiveFolderChoice folders={list?.folders} value={archiveFolder} onChange={onArchiveChange} onLoad={onLoad} />
    </>
  );
}
