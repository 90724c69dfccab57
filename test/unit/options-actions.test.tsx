// @vitest-environment happy-dom
// The options page's part in the mail actions: the archive folder of an account whose server names none, and the two
// buttons of a new-mail notification.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import type { AccountView, FolderInfo } from '../../lib/protocol';
import type { HostRequest } from '../../lib/runtime-messages';
import { initialState } from '../../lib/state';
import { DEFAULT_SETTINGS, extensionState, settings } from '../../lib/storage';

const WORK: AccountView = {
  name: 'Work',
  host: 'imap.example.org',
  port: 993,
  security: 'tls',
  user: 'me@example.org',
  folders: ['INBOX'],
  status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' },
  counts: [],
  previews: [],
};

const folder = (name: string, extra: Partial<FolderInfo> = {}): FolderInfo => ({ folder: name, name, delimiter: '/', subscribed: true, selectable: true, ...extra });

let sent: HostRequest[];
let folders: FolderInfo[];

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string[]) => [key, ...(subs ?? [])].join(' ')) as typeof fakeBrowser.i18n.getMessage);
  sent = [];
  folders = [folder('INBOX', { specialUse: '\\Inbox' }), folder('Saved'), folder('Trash', { specialUse: '\\Trash' })];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = (message as { request: HostRequest }).request;
    sent.push(request);
    if (request.type === 'listFolders') return Promise.resolve({ type: 'folders', id: 'w1', folders });
    return Promise.resolve({ type: 'ok', id: 'w1' });
  });
  await extensionState.setValue({ ...initialState(new Date(0)), accounts: [WORK] });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function editWork() {
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: /^optionsEditAccount/ }));
}

describe('options page: archive folder', () => {
  it('offers the folder tree when the server names no Archive folder, and saves the choice with the account', async () => {
    await editWork();
    expect(screen.getByTestId('archive-folder').textContent).toBe('optionsArchiveBeforeLoadoptionsArchiveChoose');
    // The popup's "Choose an archive folder" lands on this form: one click loads the tree.
    fireEvent.click(screen.getByRole('button', { name: 'optionsArchiveChoose' }));
    const select = (await screen.findByLabelText('optionsArchiveLabel')) as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'INBOX', 'Saved', 'Trash']);
    fireEvent.change(select, { target: { value: 'Saved' } });
    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    await waitFor(() => expect(sent.filter((r) => r.type === 'saveAccount')).toHaveLength(1));
    expect(sent.find((r) => r.type === 'saveAccount')).toMatchObject({ settings: { name: 'Work', archiveFolder: 'Saved' } });
  });

  it('names the server\'s own Archive folder instead of offering a choice', async () => {
    folders.push(folder('Archives', { specialUse: '\\Archive' }));
    await editWork();
    fireEvent.click(screen.getByRole('button', { name: 'optionsLoadFolders' }));
    await waitFor(() => expect(screen.getByTestId('archive-folder').textContent).toBe('optionsArchiveServer Archives'));
    expect(screen.queryByLabelText('optionsArchiveLabel')).toBeNull();
  });
});

describe('options page: notification buttons', () => {
  it('stores the two buttons chosen, never the same one twice', async () => {
    render(<App />);
    const first = (await screen.findByLabelText('optionsNotificationButton1')) as HTMLSelectElement;
    const second = screen.getByLabelText('optionsNotificationButton2') as HTMLSelectElement;
    expect([first.value, second.value]).toEqual(['markRead', 'archive']);
    fireEvent.change(second, { target: { value: 'delete' } });
    await waitFor(async () => expect((await settings.getValue()).notificationButtons).toEqual(['markRead', 'delete']));
    fireEvent.change(first, { target: { value: 'delete' } });
    await waitFor(async () => expect((await settings.getValue()).notificationButtons).toEqual(['delete']));
    expect(await settings.getValue()).toEqual({ ...DEFAULT_SETTINGS, notificationButtons: ['delete'] });
  });
});
