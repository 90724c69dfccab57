// Turns the host's flat folder list into a tree for the picker, and decides which folders are watched by default.
import { isInbox } from '../../lib/inbox';
import type { FolderInfo } from '../../lib/protocol';

export interface FolderNode {
  /** The folder's full name. */
  folder: string;
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

/** The server may mark its inbox with the \Inbox role as well as by name. */
function isInboxFolder(info: Pick<FolderInfo, 'folder' | 'specialUse'>): boolean {
  return info.specialUse === '\\Inbox' || isInbox(info.folder);
}

export function isCheckable(node: FolderNode): boolean {
  return node.info?.selectable === true;
}

/** INBOX is watched by default; Sent, Drafts, Trash, Junk and every other folder are opt-in. */
export function defaultWatched(folders: FolderInfo[]): string[] {
  const inbox = folders.find((info) => isInboxFolder(info) && info.selectable);
  return [inbox?.folder ?? 'INBOX'];
}

/** Builds the tree from each folder's full name and its delimiter; INBOX first, then subscribed folders, then by name. */
export function buildFolderTree(folders: FolderInfo[]): FolderNode[] {
  const roots: FolderNode[] = [];
  const byName = new Map<string, FolderNode>();
  const nodeFor = (folder: string, name: string): FolderNode => {
    let node = byName.get(folder);
    if (!node) {
      node = { folder, name, children: [] };
      byName.set(folder, node);
    }
    return node;
  };
  const attached = new Set<string>();
  for (const info of folders) {
    const parts = info.delimiter ? info.folder.split(info.delimiter) : [info.folder];
    let siblings = roots;
    let parent = '';
    parts.forEach((part, index) => {
      const folder = index === 0 ? part : `${parent}${info.delimiter}${part}`;
      const last = index === parts.length - 1;
      const node = nodeFor(folder, last ? info.name || part : part);
      if (last) node.info = info;
      if (!attached.has(folder)) {
        siblings.push(node);
        attached.add(folder);
      }
      siblings = node.children;
      parent = folder;
    });
  }
  sortTree(roots);
  return roots;
}

function rank(node: FolderNode): number {
  if (node.info && isInboxFolder(node.info)) return 0;
  return node.info?.subscribed ? 1 : 2;
}

function sortTree(nodes: FolderNode[]): void {
  nodes.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  for (const node of nodes) sortTree(node.children);
}
