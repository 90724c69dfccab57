// @vitest-environment happy-dom
// The popup's mail actions and keys, rendered from a seeded worker state, with the fake browser as the worker: what
// each button and key sends, Undo in the place of a message that left, collapsing accounts, real-world text.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/popup/App';
import type { AccountView } from '../../lib/protocol';
import type { ExtensionState } from '../../lib/state';
import { collapsedAccounts, extensionState } from '../../lib/storage';
import { english } from '../support/english';
import { account, preview, state } from '../support/popup-fixtures';

let sent: { type: string; request?: { type: string } }[];
let reply: (message: { type: string; request?: { type: string } }) => unknown;

/** What the real host answers a move: where each message went, with its new UID. */
const movedReply = (uids: number[], extra: Record<string, unknown> = {}) => ({
  type: 'moved',
  id: 'w1',
  account: 'Demo',
  folder: 'INBOX',
  moved: uids.map((uid) => ({ uid, to: 'Archive', newUid: uid + 100, toUidValidity: '7', seen: false })),
  ...extra,
});

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = english as typeof fakeBrowser.i18n.getMessage;
  sent = [];
  reply = (message) => (message.request?.type === 'moveMessages' ? movedReply([12]) : { type: 'ok' });
  fakeBrowser.runtime.onMessage.addListener(async (raw: unknown) => {
    const message = raw as (typeof sent)[number];
    sent.push(message);
    return reply(message);
  });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function renderWith(value: ExtensionState) {
  await extensionState.setValue(value);
  const result = render(<App />);
  await screen.findByRole('heading', { level: 1 });
  return result;
}

const hostRequests = () => sent.filter((m) => m.type === 'host').map((m) => m.request);
const row = (subject: string) => screen.getByText(subject).closest('li')!;
/** The worker's state after it took message 12 out of the list (what the worker's prediction does). */
const without12 = (): AccountView => account({ counts: [{ folder: 'INBOX', unseen: 1, total: 4, uidValidity: '42' }], previews: [{ folder: 'INBOX', uidValidity: '42', previews: [preview(11, 'Older news'), preview(10, 'Already read', { seen: true })] }] });

describe('archive, delete, spam and undo in the popup', () => {
  it('archives with the folder, its UIDVALIDITY and the UID; Undo in the message\'s place sends back what the host reported', async () => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Archive: Newest news' }));
    await waitFor(() => expect(hostRequests()).toEqual([{ type: 'moveMessages', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [12], action: 'archive' }]));
    await extensionState.setValue(state([without12()]));
    const status = await screen.findByText('Archived.');
    // The place-holder is where the message was: first in the list, before "Older news".
    const items = within(screen.getByRole('list', { name: 'Newest messages in INBOX' })).getAllByRole('listitem');
    expect(items[0]!.contains(status)).toBe(true);
    expect(items[1]!.textContent).toContain('Older news');
    fireEvent.click(within(items[0]!).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(hostRequests()).toHaveLength(2));
    expect(hostRequests()[1]).toEqual({ type: 'undoMove', account: 'Demo', folder: 'INBOX', uidValidity: '42', moved: movedReply([12]).moved });
    expect(screen.queryByText('Archived.')).toBeNull();
  });

  it.each([
    ['Delete: Newest news', 'delete', 'Deleted.'],
    ['Mark as spam: Newest news', 'spam', 'Moved to Junk.'],
  ] as const)('"%s" sends a %s move and says so in its place', async (label, action, said) => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: label }));
    await waitFor(() => expect(hostRequests()).toEqual([expect.objectContaining({ type: 'moveMessages', uids: [12], action })]));
    await extensionState.setValue(state([without12()]));
    expect(await screen.findByText(said)).toBeTruthy();
  });

  it('says a delete on an account without Trash will be for good, and still offers Undo', async () => {
    reply = (message) => (message.request?.type === 'moveMessages' ? { ...movedReply([]), moved: [{ uid: 12, kept: true, seen: false }] } : { type: 'ok' });
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Delete: Newest news' }));
    await extensionState.setValue(state([without12()]));
    expect(await screen.findByText('Will be deleted for good: this account has no Trash.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(hostRequests()[1]).toMatchObject({ type: 'undoMove', moved: [{ uid: 12, kept: true }] }));
  });

  it('drops Undo and names the problem when the host refuses; an unset archive folder offers the account\'s options', async () => {
    reply = () => ({ type: 'error', problem: { code: 'ARCHIVE_FOLDER_UNSET', message: 'no \\Archive' } });
    const createTab = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Archive: Newest news' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('This server has no Archive folder. Choose the folder to archive to in the account settings.');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    fireEvent.click(within(alert).getByRole('button', { name: 'Choose an archive folder' }));
    expect(createTab.mock.calls[0]![0].url).toMatch(/\/options\.html#edit=Demo$/);
  });

  it('archives the read messages of a folder and says how many, with Undo for all of them', async () => {
    reply = (message) => (message.request?.type === 'archiveRead' ? movedReply([3, 4, 10], { remaining: 0 }) : { type: 'ok' });
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Archive the read messages in INBOX' }));
    expect(await screen.findByText(/3 read messages archived\./)).toBeTruthy();
    expect(hostRequests()).toEqual([{ type: 'archiveRead', account: 'Demo', folder: 'INBOX', uidValidity: '42' }]);
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(hostRequests()[1]).toMatchObject({ type: 'undoMove', moved: [{ uid: 3 }, { uid: 4 }, { uid: 10 }] }));
  });

  it('stars and unstars with setFlagged, and shows a starred message as starred', async () => {
    await renderWith(state([account({ previews: [{ folder: 'INBOX', uidValidity: '42', previews: [preview(12, 'Newest news', { flagged: true }), preview(11, 'Older news')] }] })]));
    const starred = screen.getByRole('button', { name: 'Star: Newest news' });
    expect(starred.getAttribute('aria-pressed')).toBe('true');
    expect(row('Newest news').textContent).toContain('Starred');
    fireEvent.click(starred);
    fireEvent.click(screen.getByRole('button', { name: 'Star: Older news' }));
    await waitFor(() => expect(hostRequests()).toHaveLength(2));
    expect(hostRequests()).toEqual([
      { type: 'setFlagged', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [12], flagged: false },
      { type: 'setFlagged', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [11], flagged: true },
    ]);
  });

  it('asks the worker to save a message as .eml, named after its subject', async () => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Save as .eml: Older news' }));
    await waitFor(() => expect(sent).toContainEqual({ type: 'saveMessage', account: 'Demo', folder: 'INBOX', uidValidity: '42', uid: 11, subject: 'Older news' }));
  });
});

describe('keys', () => {
  const press = (target: Element, key: string) => fireEvent.keyDown(target, { key });

  it('arrow keys move between messages, across folders and accounts', async () => {
    await renderWith(state([account(), account({ name: 'Work', previews: [{ folder: 'INBOX', uidValidity: '7', previews: [preview(5, 'Work mail')] }] })]));
    row('Newest news').focus();
    press(row('Newest news'), 'ArrowDown');
    expect(document.activeElement).toBe(row('Older news'));
    press(row('Older news'), 'ArrowDown');
    press(row('Already read'), 'ArrowDown');
    expect(document.activeElement).toBe(row('Work mail'));
    press(row('Work mail'), 'ArrowUp');
    expect(document.activeElement).toBe(row('Already read'));
  });

  it('r, s, e, # and ! act on the focused message; e moves focus to the next one', async () => {
    await renderWith(state([account()]));
    row('Older news').focus();
    press(row('Older news'), 'r');
    press(row('Older news'), 's');
    press(row('Already read'), '#');
    press(row('Already read'), '!');
    press(row('Newest news'), 'e');
    await waitFor(() => expect(hostRequests()).toHaveLength(5));
    expect(hostRequests()).toEqual([
      expect.objectContaining({ type: 'markRead', uids: [11] }),
      expect.objectContaining({ type: 'setFlagged', uids: [11], flagged: true }),
      expect.objectContaining({ type: 'moveMessages', uids: [10], action: 'delete' }),
      expect.objectContaining({ type: 'moveMessages', uids: [10], action: 'spam' }),
      expect.objectContaining({ type: 'moveMessages', uids: [12], action: 'archive' }),
    ]);
  });

  it('moves focus on when the focused message is archived by key', async () => {
    await renderWith(state([account()]));
    row('Newest news').focus();
    press(row('Newest news'), 'e');
    expect(document.activeElement).toBe(row('Older news'));
  });

  it('u undoes the last action, and Enter opens the focused message', async () => {
    const createTab = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    await renderWith(state([account({ webmailUrl: 'https://mail.example.test/' })]));
    row('Newest news').focus();
    press(row('Newest news'), 'Enter');
    expect(createTab).toHaveBeenCalledWith({ url: 'https://mail.example.test/' });
    press(row('Newest news'), 'e');
    await waitFor(() => expect(hostRequests()).toHaveLength(1));
    press(document.body, 'u');
    await waitFor(() => expect(hostRequests()[1]).toMatchObject({ type: 'undoMove', moved: [{ uid: 12, newUid: 112 }] }));
  });

  it('leaves keys with Ctrl, Alt or Meta to the browser, and Enter on a button to that button', async () => {
    await renderWith(state([account()]));
    fireEvent.keyDown(row('Newest news'), { key: 'e', ctrlKey: true });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Mark as read: Newest news' }), { key: 'Enter' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hostRequests()).toEqual([]);
  });

  it('shows the keys in a help line, and names each action\'s key on its button', async () => {
    await renderWith(state([account()]));
    expect(screen.getByText(/^Keys: ↑ ↓ move · Enter open · r read · e archive · # delete · ! spam · s star · u undo$/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Archive: Newest news' }).getAttribute('aria-keyshortcuts')).toBe('E');
    expect(screen.getByRole('button', { name: 'Delete: Newest news' }).getAttribute('aria-keyshortcuts')).toBe('#');
  });
});

describe('real-world mail', () => {
  const long = 'x'.repeat(300);

  it('keeps the full subject, snippet and sender in tooltips and isolates their direction', async () => {
    const rtl = 'Invoice \u202Efdp.exe';
    const snippet = 'y'.repeat(200);
    await renderWith(state([account({ previews: [{ folder: 'INBOX', uidValidity: '42', previews: [preview(12, long, { snippet, from: rtl })] }] })]));
    const subject = row(long).querySelector('.message__subject')!;
    expect(subject.getAttribute('title')).toBe(long);
    expect(subject.getAttribute('dir')).toBe('auto');
    expect(row(long).querySelector('.message__snippet')!.getAttribute('dir')).toBe('auto');
    const from = row(long).querySelector('.message__from')!;
    expect(from.tagName).toBe('BDI');
    expect(from.getAttribute('title')).toBe(`${rtl} <sender12@example.test>`);
  });

  it('collapses an account and keeps it collapsed the next time the popup opens', async () => {
    await renderWith(state([account(), account({ name: 'Work' })]));
    const toggle = within(screen.getByRole('article', { name: 'Demo' })).getByRole('button', { name: 'Demo' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(document.getElementById(toggle.getAttribute('aria-controls')!)!.hidden).toBe(true);
    await waitFor(async () => expect(await collapsedAccounts.getValue()).toEqual(['Demo']));
    cleanup();
    await renderWith(state([account(), account({ name: 'Work' })]));
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Demo' })).getByRole('button', { name: 'Demo' }).getAttribute('aria-expanded')).toBe('false'));
    expect(within(screen.getByRole('article', { name: 'Work' })).getByRole('button', { name: 'Work' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('ignores a damaged list of collapsed accounts', async () => {
    await collapsedAccounts.setValue('Demo' as unknown as string[]);
    await renderWith(state([account()]));
    expect(screen.getByRole('button', { name: 'Demo' }).getAttribute('aria-expanded')).toBe('true');
  });
});
