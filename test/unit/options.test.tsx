// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import type { AccountView, FolderInfo } from '../../lib/protocol';
import type { HostRequest } from '../../lib/runtime-messages';
import { INSTALL_COMMAND } from '../../lib/install-command';
import { accountToEdit, editAccountHash } from '../../lib/options-link';
import { initialState } from '../../lib/state';
import { DEFAULT_SETTINGS, extensionState, settings } from '../../lib/storage';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0').slice(-2)).join(':');

const FOLDERS: FolderInfo[] = [
  { folder: 'Trash', name: 'Trash', delimiter: '/', subscribed: true, specialUse: '\\Trash', selectable: true },
  { folder: 'INBOX', name: 'INBOX', delimiter: '/', subscribed: true, specialUse: '\\Inbox', selectable: true },
  { folder: 'Sent', name: 'Sent', delimiter: '/', subscribed: true, specialUse: '\\Sent', selectable: true },
  { folder: 'Archive', name: 'Archive', delimiter: '/', subscribed: false, selectable: false },
  { folder: 'Archive/2025', name: '2025', delimiter: '/', subscribed: false, specialUse: '\\Archive', selectable: true },
  { folder: 'Lists', name: 'Lists', delimiter: '/', subscribed: true, selectable: true },
];

/** Requests the page sent through the worker, and the canned host replies it gets, in order. */
let sent: HostRequest[];
let replies: Array<(request: HostRequest) => unknown>;

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no catalogue; like an unknown key in Chrome it answers '' and t() shows the key.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
  sent = [];
  replies = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = (message as { type: string; request: HostRequest }).request;
    sent.push(request);
    if (request.type === 'getState') return Promise.resolve({ type: 'ok', id: 'w0' });
    // The page asks the helper to discover settings after typing settles; that must not take a canned reply.
    if (request.type === 'discover') return Promise.resolve({ type: 'error', id: 'w0', problem: { code: 'TIMEOUT', message: 'not in this test' } });
    const next = replies.shift();
    return Promise.resolve(next ? next(request) : { type: 'error', id: 'w0', problem: { code: 'INTERNAL', message: 'no canned reply' } });
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function requestsOf<T extends HostRequest['type']>(type: T): Array<Extract<HostRequest, { type: T }>> {
  return sent.filter((r): r is Extract<HostRequest, { type: T }> => r.type === type);
}

function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

async function openAddForm() {
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: 'optionsAddAccount' }));
  return screen.findByRole('form');
}

function checkbox(name: string): HTMLInputElement {
  return within(screen.getByTestId('folder-picker')).getByRole('checkbox', { name }) as HTMLInputElement;
}

describe('options page: adding an account', () => {
  it('prefills name, server, port, security and webmail from the email, and keeps fields the user edited', async () => {
    await openAddForm();
    type('optionsEmail', 'someone@gmail.com');
    expect((screen.getByLabelText('optionsServer') as HTMLInputElement).value).toBe('imap.gmail.com');
    expect((screen.getByLabelText('optionsPort') as HTMLInputElement).value).toBe('993');
    expect((screen.getByLabelText('optionsSecurity') as HTMLSelectElement).value).toBe('tls');
    expect((screen.getByLabelText('optionsDisplayName') as HTMLInputElement).value).toBe('someone@gmail.com');
    expect((screen.getByLabelText('optionsUser') as HTMLInputElement).value).toBe('someone@gmail.com');
    expect((screen.getByLabelText('optionsWebmailUrl') as HTMLInputElement).value).toBe('https://mail.google.com/mail/u/0/#search/{query}');

    type('optionsEmail', 'me@protonmail.com');
    expect((screen.getByLabelText('optionsServer') as HTMLInputElement).value).toBe('127.0.0.1');
    expect((screen.getByLabelText('optionsPort') as HTMLInputElement).value).toBe('1143');
    expect((screen.getByLabelText('optionsSecurity') as HTMLSelectElement).value).toBe('starttls');
    expect(screen.getByText('optionsProviderProtonNote')).toBeTruthy();

    type('optionsServer', 'mail.example.org');
    type('optionsDisplayName', 'Work');
    type('optionsEmail', 'someone@yahoo.com');
    expect((screen.getByLabelText('optionsServer') as HTMLInputElement).value).toBe('mail.example.org');
    expect((screen.getByLabelText('optionsDisplayName') as HTMLInputElement).value).toBe('Work');
  });

  it('tests with the password, shows an untrusted certificate, and re-tests with it pinned after "Trust"', async () => {
    await openAddForm();
    type('optionsEmail', 'alice@example.test');
    type('optionsPassword', 'alice-secret');
    type('optionsServer', '127.0.0.1');
    replies.push(() => ({ type: 'error', id: 'w1', problem: { code: 'TLS_UNTRUSTED', message: 'self-signed certificate', fingerprint256: FINGERPRINT } }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsTestConnection' }));

    expect((await screen.findByTestId('fingerprint')).textContent).toBe(FINGERPRINT);
    expect(screen.getByRole('alert').textContent).toContain('problem_TLS_UNTRUSTED');
    expect(screen.getByRole('alert').textContent).toContain('self-signed certificate');
    const [first] = requestsOf('testAccount');
    expect(first).toMatchObject({ password: 'alice-secret', settings: { name: 'alice@example.test', user: 'alice@example.test', host: '127.0.0.1', port: 993, security: 'tls' } });
    expect(first!.settings.trustFingerprint).toBeUndefined();

    replies.push(() => ({ type: 'folders', id: 'w2', folders: FOLDERS }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsCertTrust' }));
    await screen.findByTestId('folder-picker');
    const tests = requestsOf('testAccount');
    expect(tests).toHaveLength(2);
    expect(tests[1]).toMatchObject({ password: 'alice-secret', settings: { trustFingerprint: FINGERPRINT } });
    expect(screen.getByTestId('test-status').textContent).toContain('optionsTestSuccess');
    expect(screen.queryByTestId('certificate-prompt')).toBeNull();
  });

  it('shows the folder tree with INBOX watched, Sent and Trash not, roles labelled and \\Noselect folders not checkable', async () => {
    await openAddForm();
    type('optionsEmail', 'alice@example.test');
    type('optionsPassword', 'pw');
    replies.push(() => ({ type: 'folders', id: 'w1', folders: FOLDERS }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsTestConnection' }));
    await screen.findByTestId('folder-picker');

    expect(checkbox('INBOX').checked).toBe(true);
    expect(checkbox('Sent').checked).toBe(false);
    expect(checkbox('Trash').checked).toBe(false);
    expect(checkbox('Lists').checked).toBe(false);
    expect(checkbox('Archive').disabled).toBe(true);
    expect(checkbox('2025').disabled).toBe(false);
    const picker = screen.getByTestId('folder-picker');
    expect(within(picker).getByText('optionsRoleSent')).toBeTruthy();
    expect(within(picker).getByText('optionsRoleTrash')).toBeTruthy();
    expect(within(picker).getByText('optionsRoleArchive')).toBeTruthy();
    // INBOX first, subscribed folders before unsubscribed ones; 2025 nested under Archive.
    const labels = within(picker).getAllByRole('checkbox').map((box) => (box as HTMLInputElement).labels?.[0]?.textContent);
    expect(labels).toEqual(['INBOX', 'Lists', 'Sent', 'Trash', 'Archive', '2025']);
  });

  it('saves the account with the password, the pinned certificate and the chosen folders, then returns to the list', async () => {
    await openAddForm();
    type('optionsEmail', 'alice@example.test');
    type('optionsPassword', 'alice-secret');
    replies.push(() => ({ type: 'error', id: 'w1', problem: { code: 'TLS_UNTRUSTED', message: 'untrusted', fingerprint256: FINGERPRINT } }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsTestConnection' }));
    replies.push(() => ({ type: 'folders', id: 'w2', folders: FOLDERS }));
    fireEvent.click(await screen.findByRole('button', { name: 'optionsCertTrust' }));
    await screen.findByTestId('folder-picker');
    fireEvent.click(checkbox('Lists'));

    replies.push(() => ({ type: 'ok', id: 'w3' }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    const [save] = requestsOf('saveAccount');
    expect(save).toEqual({
      type: 'saveAccount',
      password: 'alice-secret',
      settings: {
        name: 'alice@example.test',
        user: 'alice@example.test',
        host: 'imap.example.test',
        port: 993,
        security: 'tls',
        folders: ['INBOX', 'Lists'],
        trustFingerprint: FINGERPRINT,
      },
    });
    // The worker fetches the host's new state itself, once, before it answers ok (test/unit/worker.test.ts).
    expect(sent.map((request) => request.type)).not.toContain('getState');
    expect(screen.getByRole('button', { name: 'optionsAddAccount' })).toBeTruthy();
  });

  it('shows a refused save inline and stays on the form', async () => {
    await openAddForm();
    type('optionsEmail', 'alice@example.test');
    type('optionsPassword', 'pw');
    replies.push(() => ({ type: 'error', id: 'w1', problem: { code: 'ACCOUNT_EXISTS', message: 'An account named "alice@example.test" exists already.' } }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('problem_ACCOUNT_EXISTS');
    expect(alert.textContent).toContain('exists already');
    expect(screen.getByRole('form')).toBeTruthy();
  });

  it('refuses to test or save without a password or server, naming the fields', async () => {
    await openAddForm();
    type('optionsEmail', 'nobody');
    fireEvent.click(screen.getByRole('button', { name: 'optionsTestConnection' }));
    expect(await screen.findByText('optionsErrorPassword')).toBeTruthy();
    expect(screen.getByText('optionsErrorHostMissing')).toBeTruthy();
    expect(screen.getByText('optionsErrorEmail')).toBeTruthy();
    expect(screen.getByLabelText('optionsPassword').getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);
  });
});

const EXISTING: AccountView = {
  name: 'Work',
  host: 'imap.example.org',
  port: 993,
  security: 'tls',
  user: 'me@example.org',
  folders: ['INBOX', 'Lists'],
  webmailUrl: 'https://mail.example.org/',
  status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' },
  counts: [],
  previews: [],
};

describe('options page: existing accounts', () => {
  beforeEach(async () => {
    await extensionState.setValue({ ...initialState(new Date(0)), accounts: [EXISTING] });
  });

  it('edits an account without a password, renaming it with previousName', async () => {
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'optionsEditAccount' }));
    expect((screen.getByLabelText('optionsServer') as HTMLInputElement).value).toBe('imap.example.org');
    expect((screen.getByLabelText('optionsPassword') as HTMLInputElement).value).toBe('');
    expect(screen.getByText('optionsPasswordKeep')).toBeTruthy();
    type('optionsDisplayName', 'Office');

    replies.push(() => ({ type: 'ok', id: 'w1' }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    await waitFor(() => expect(requestsOf('saveAccount')).toHaveLength(1));
    const [save] = requestsOf('saveAccount');
    expect(save).toEqual({
      type: 'saveAccount',
      previousName: 'Work',
      settings: { name: 'Office', host: 'imap.example.org', port: 993, security: 'tls', user: 'me@example.org', folders: ['INBOX', 'Lists'], webmailUrl: 'https://mail.example.org/' },
    });
  });

  it('says when the server has too many folders to list, and how many are shown', async () => {
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage');
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'optionsEditAccount' }));
    replies.push(() => ({ type: 'folders', id: 'w1', folders: FOLDERS, truncated: { shown: FOLDERS.length, total: 100_000 } }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsLoadFolders' }));
    expect((await screen.findByTestId('folders-truncated')).getAttribute('role')).toBe('status');
    expect(getMessage).toHaveBeenCalledWith('optionsFoldersTruncated', ['100000', String(FOLDERS.length)]);
  });

  it('loads folders of an existing account from its live connection, keeping what it watches', async () => {
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'optionsEditAccount' }));
    replies.push(() => ({ type: 'folders', id: 'w1', folders: FOLDERS }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsLoadFolders' }));
    await screen.findByTestId('folder-picker');
    expect(requestsOf('listFolders')).toEqual([{ type: 'listFolders', account: 'Work' }]);
    expect(checkbox('INBOX').checked).toBe(true);
    expect(checkbox('Lists').checked).toBe(true);
  });

  it('cancelling the removal sends nothing and gives focus back to the Remove button', async () => {
    render(<App />);
    const remove = await screen.findByRole('button', { name: 'optionsRemoveAccount' });
    fireEvent.click(remove);
    fireEvent.click(screen.getByRole('button', { name: 'optionsCancel' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'optionsRemoveAccount' })));
    expect(sent).toEqual([]);
  });

  it('removes an account only after confirming', async () => {
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'optionsRemoveAccount' }));
    expect(requestsOf('removeAccount')).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'optionsRemoveYes' }));
    replies.push(() => ({ type: 'ok', id: 'w1' }));
    fireEvent.click(screen.getByRole('button', { name: 'optionsRemoveYes' }));
    await waitFor(() => expect(requestsOf('removeAccount')).toEqual([{ type: 'removeAccount', account: 'Work' }]));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'optionsAddAccount' })));
    // The worker fetches the host's new state itself, once, before it answers ok (test/unit/worker.test.ts).
    expect(sent.map((request) => request.type)).not.toContain('getState');
  });
});

describe("options page: the helper's own problem", () => {
  it('names a missing helper with the install command, and the host message as detail only', async () => {
    const problem = { code: 'HOST_NOT_INSTALLED' as const, message: 'Specified native messaging host not found.' };
    await extensionState.setValue({ host: { state: 'missing', at: '2026-11-25T10:00:00.000Z', problem }, accounts: [] });
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('.problem__text')!.textContent).toBe('problem_HOST_NOT_INSTALLED');
    expect(within(alert).getByText(INSTALL_COMMAND).tagName).toBe('CODE');
    expect(alert.querySelector('.problem__detail')!.textContent).toContain(problem.message);
  });

  it('asks to update the helper when it speaks an older protocol', async () => {
    const problem = { code: 'HOST_OUTDATED' as const, message: 'protocol 1 < 2' };
    await extensionState.setValue({ host: { state: 'incompatible', at: '2026-11-25T10:00:00.000Z', problem }, accounts: [] });
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('.problem__text')!.textContent).toBe('problem_HOST_OUTDATED');
    expect(within(alert).getByText(INSTALL_COMMAND).tagName).toBe('CODE');
  });
});

describe('options page: preferences', () => {
  it('stores each change at once and refuses values the schema rejects', async () => {
    render(<App />);
    fireEvent.click(await screen.findByLabelText('optionsSettingNotifications'));
    await waitFor(async () => expect((await settings.getValue()).notifications).toBe(false));

    fireEvent.click(screen.getByLabelText('optionsQuietHoursEnabled'));
    fireEvent.change(screen.getByLabelText('optionsQuietHoursStart'), { target: { value: '21:30' } });
    fireEvent.click(screen.getByLabelText('optionsBadgeCountsInbox'));
    type('optionsSettingPreviews', '5');
    await waitFor(async () =>
      expect(await settings.getValue()).toEqual({
        ...DEFAULT_SETTINGS,
        notifications: false,
        quietHours: { enabled: true, start: '21:30', end: '07:00' },
        badgeCounts: 'inbox',
        previewsPerAccount: 5,
      }),
    );

    type('optionsSettingPreviews', '99');
    expect(await screen.findByText('optionsSettingsInvalid')).toBeTruthy();
    expect((await settings.getValue()).previewsPerAccount).toBe(5);
  });
});

describe('options page: notifications per folder', () => {
  it('notifies for INBOX by default and stores the folders the user picks per account', async () => {
    await extensionState.setValue({ ...initialState(new Date(0)), accounts: [EXISTING] });
    render(<App />);
    const inbox = (await screen.findByRole('checkbox', { name: 'INBOX' })) as HTMLInputElement;
    const lists = screen.getByRole('checkbox', { name: 'Lists' }) as HTMLInputElement;
    expect(inbox.checked).toBe(true);
    expect(lists.checked).toBe(false);
    fireEvent.click(lists);
    await waitFor(async () => expect((await settings.getValue()).notifyFolders).toEqual({ Work: ['INBOX', 'Lists'] }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'INBOX' }));
    await waitFor(async () => expect((await settings.getValue()).notifyFolders).toEqual({ Work: ['Lists'] }));
  });
});

describe('options page: arriving from the popup', () => {
  it("opens the account's form when the address names it (#edit=…), then forgets the address", async () => {
    await extensionState.setValue({ ...initialState(new Date(0)), accounts: [EXISTING] });
    history.replaceState(null, '', `${location.pathname}${editAccountHash('Work')}`);
    render(<App />);
    expect(((await screen.findByLabelText('optionsServer')) as HTMLInputElement).value).toBe('imap.example.org');
    expect(location.hash).toBe('');
  });

  it('reads the account name back from the link, and nothing from other addresses', () => {
    expect(accountToEdit(editAccountHash('Büro & Co/2'))).toBe('Büro & Co/2');
    expect(accountToEdit('#other')).toBeUndefined();
    expect(accountToEdit('#edit=%E0%A4%A')).toBeUndefined();
  });
});


describe('options page: the helper', () => {
  it('shows the version of the helper that answered, and says when none runs', async () => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, substitutions?: string | string[]) =>
      key === 'optionsHelperVersion' ? `Helper version ${String([substitutions].flat()[0])} is running.` : key === 'optionsHelperNotRunning' ? 'The helper is not running.' : '') as never);
    await extensionState.setValue({ host: { state: 'connected', version: '0.1.0', at: new Date(0).toISOString() }, accounts: [] });
    render(<App />);
    await waitFor(() => expect(screen.getByTestId('helper-version').textContent).toBe('Helper version 0.1.0 is running.'));
    await extensionState.setValue({ host: { state: 'missing', at: new Date(0).toISOString() }, accounts: [] });
    await waitFor(() => expect(screen.getByTestId('helper-version').textContent).toBe('The helper is not running.'));
  });
});
