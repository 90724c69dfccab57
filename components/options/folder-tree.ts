// Turns the host's flat folder list into a tree for the picker, and decides which folders are watched by default.
import type { FolderInfo } from '../../lib/protocol';

export interface FolderNode {
  path: string;
  name: string;
  /** Absent for a parent the server did not list (shown, never checkable). */
  info?: FolderInfo;
  children: FolderNode[];
}

/** Special-use roles shown as labels next to a folder, as i18n keys. */
export const ROLE_KEYS: Record<string, string> = {
  '\\Sent': 'optionsRoleSent',
  '\\Drafts': 'optionsRoleDrafts',
  '\\Trash': 'optionsRoleTrash',
  '\\Junk': 'optionsRoleJunk',
  '\\Archive': 'optionsRoleArchive',
  '\\All': 'optionsRoleAll',
  '\\Flagged': 'optionsRoleFlagged',
};

export function isInbox(folder: Pick<FolderInfo, 'path' | 'specialUse'>): boolean {
  return folder.specialUse === '\\Inbox' || folder.path.toUpperCase() === 'INBOX';
}

export function isCheckable(node: FolderNode): boolean {
  return node.info?.selectable === true;
}

/** INBOX is watched by default; Sent, Drafts, Trash, Junk and every other folder are opt-in. */
export function defaultWatched(folders: FolderInfo[]): string[] {
  const inbox = folders.find((folder) => isInbox(folder) && folder.selectable);
  return [inbox?.path ?? 'INBOX'];
}

/** Builds the tree from each path and its delimiter; INBOX first, then subscribed folders, then by name. */
export function buildFolderTree(folders: FolderInfo[]): FolderNode[] {
  const roots: FolderNode[] = [];
  const byPath = new Map<string, FolderNode>();
  const nodeFor = (path: string, name: string): FolderNode => {
    let node = byPath.get(path);
    if (!node) {
      node = { path, name, children: [] };
      byPath.set(path, node);
    }
    return node;
  };
  const attached = new Set<string>();
  for (const folder of folders) {
    const parts = folder.delimiter ? folder.path.split(folder.delimiter) : [folder.path];
    let siblings = roots;
    let parentPath = '';
    parts.forEach((part, index) => {
      const path = index === 0 ? part : `${parentPath}${folder.delimiter}${part}`;
      const last = index === parts.length - 1;
      const node = nodeFor(path, last ? folder.name || part : part);
      if (last) node.info = folder;
      if (!attached.has(path)) {
        siblings.push(node);
        attached.add(path);
      }
      siblings = node.children;
      parentPath = path;
    });
  }
  sortTree(roots);
  return roots;
}

function rank(node: FolderNode): number {
  if (node.info && isInbox(node.info)) return 0;
  return node.info?.subscribed ? 1 : 2;
}

function sortTree(nodes: FolderNode[]): void {
  nodes.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  for (const node of nodes) sortTree(node.children);
}
