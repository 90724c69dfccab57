// Checkbox tree of the account's folders: which ones the badge and notifications watch.
import type { FolderInfo } from '../../lib/protocol';
import { t } from '../../lib/i18n';
import { buildFolderTree, isCheckable, ROLE_KEYS, type FolderNode } from './folder-tree';

interface Props {
  folders: FolderInfo[];
  /** Set when the server has more folders than it listed. */
  truncated?: { shown: number; total: number } | undefined;
  selected: string[];
  onChange(selected: string[]): void;
}

export function FolderPicker({ folders, truncated, selected, onChange }: Props) {
  const tree = buildFolderTree(folders);
  const toggle = (folder: string, checked: boolean) =>
    onChange(checked ? [...selected.filter((f) => f !== folder), folder] : selected.filter((f) => f !== folder));
  return (
    <fieldset class="folders" data-testid="folder-picker">
      <legend>{t('optionsFoldersLegend')}</legend>
      <p class="hint" id="folders-hint">{t('optionsFoldersHint')}</p>
      {truncated && (
        <p class="hint" role="status" data-testid="folders-truncated">
          {t('optionsFoldersTruncated', [String(truncated.total), String(truncated.shown)])}
        </p>
      )}
      <FolderList nodes={tree} selected={selected} toggle={toggle} />
      {selected.length === 0 && <p class="field-error" role="alert">{t('optionsFoldersNone')}</p>}
    </fieldset>
  );
}

function FolderList({ nodes, selected, toggle }: { nodes: FolderNode[]; selected: string[]; toggle(folder: string, checked: boolean): void }) {
  return (
    <ul class="folder-tree">
      {nodes.map((node) => {
        const id = `folder-${encodeURIComponent(node.folder).replace(/%/g, '_')}`;
        const roleKey = node.info?.specialUse ? ROLE_KEYS[node.info.specialUse] : undefined;
        // "Sent" next to a folder named Sent says nothing; the label matters when the names differ.
        const role = roleKey && t(roleKey).toLowerCase() !== node.name.toLowerCase() ? t(roleKey) : undefined;
        const checkable = isCheckable(node);
        return (
          <li key={node.folder}>
            <span class="folder">
              <input
                type="checkbox"
                id={id}
                checked={checkable && selected.includes(node.folder)}
                disabled={!checkable}
                aria-describedby={checkable ? undefined : `${id}-noselect`}
                onChange={(event) => toggle(node.folder, (event.currentTarget as HTMLInputElement).checked)}
              />
              <label for={id}>{node.name}</label>
              {role && <span class="role">{role}</span>}
              {!checkable && (
                <span class="hint" id={`${id}-noselect`}>
                  {t('optionsFolderNoselect')}
                </span>
              )}
            </span>
            {node.children.length > 0 && <FolderList nodes={node.children} selected={selected} toggle={toggle} />}
          </li>
        );
      })}
    </ul>
  );
}
