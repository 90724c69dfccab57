import { describe, expect, it } from 'vitest';
import { buildFolderTree, defaultWatched, isCheckable, type FolderNode } from '../../components/options/folder-tree';
import type { FolderInfo } from '../../lib/protocol';

const folder = (name: string, extra: Partial<FolderInfo> = {}): FolderInfo => ({
  folder: name,
  name: name.split('.').at(-1)!,
  delimiter: '.',
  subscribed: true,
  selectable: true,
  ...extra,
});

const shape = (nodes: FolderNode[]): unknown => nodes.map((n) => (n.children.length ? { [n.folder]: shape(n.children) } : n.folder));

describe('folder tree', () => {
  it('nests folders by their delimiter, INBOX first, subscribed before unsubscribed, then by name', () => {
    const tree = buildFolderTree([
      folder('Zeta', { subscribed: false }),
      folder('INBOX.Lists.rust'),
      folder('Archive'),
      folder('INBOX.Lists'),
      folder('INBOX', { specialUse: '\\Inbox' }),
      folder('Alpha', { subscribed: false }),
    ]);
    expect(shape(tree)).toEqual([{ INBOX: [{ 'INBOX.Lists': ['INBOX.Lists.rust'] }] }, 'Archive', 'Alpha', 'Zeta']);
  });

  it('shows a parent the server did not list, but never as checkable', () => {
    const [parent] = buildFolderTree([folder('Projects.2026')]);
    expect(parent!.folder).toBe('Projects');
    expect(isCheckable(parent!)).toBe(false);
    expect(isCheckable(parent!.children[0]!)).toBe(true);
  });

  it('watches only INBOX by default, never Sent, Drafts, Trash or Junk', () => {
    const folders = [
      folder('Sent', { specialUse: '\\Sent' }),
      folder('Drafts', { specialUse: '\\Drafts' }),
      folder('Trash', { specialUse: '\\Trash' }),
      folder('Junk', { specialUse: '\\Junk' }),
      folder('INBOX'),
    ];
    expect(defaultWatched(folders)).toEqual(['INBOX']);
  });

  it('keeps a flat list when the server has no delimiter', () => {
    const tree = buildFolderTree([folder('a.b', { delimiter: '', name: 'a.b' })]);
    expect(shape(tree)).toEqual(['a.b']);
  });
});
