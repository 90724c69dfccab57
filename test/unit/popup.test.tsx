// @vitest-environment happy-dom
// The popup rendered from a seeded worker state, with the fake browser standing in for the worker and chrome.* APIs.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { render as renderPreact } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/popup/App';
import { UNDO_MS } from '../../components/popup/useMailActions';
import { readPopupStorage } from '../../components/popup/popup-storage';
import { HELP_HELPER_MISSING, HELP_NEEDS_YOU } from '../../lib/help-links';
import { INSTALL_COMMAND } from '../../lib/install-command';
import type { ExtensionState } from '../../lib/state';
import { DEFAULT_SETTINGS, extensionState, settings } from '../../lib/storage';
import { english as getMessage } from '../support/english';
import { account, minutesAgo, preview, state } from '../support/popup-fixtures';

type Reply = { type: 'ok' } | { type: 'error'; problem: { code: string; message: string } };
let sent: unknown[];
let reply: (message: unknown) => Reply;

beforeEach(() => {
  fakeBrowser.reset();
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.runtime.openOptionsPage = vi.fn(async () => undefined);
  sent = [];
  reply = () => ({ type: 'ok' });
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
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

const hostRequests = () => sent.filter((m): m is { type: 'host'; request: unknown } => (m as { type: string }).type === 'host').map((m) => m.request);

describe('popup with accounts', () => {
  it('renders each account from the cached state with its count, status and newest messages, then asks for a refresh', async () => {
    await renderWith(state([account(), account({ name: 'Work', counts: [{ folder: 'INBOX', unseen: 0, total: 3, uidValidity: '7' }], previews: [] })]));
    const demo = screen.getByRole('article', { name: 'Demo' });
    expect(within(demo).getByTestId('account-unseen').textContent).toBe('2');
    expect(demo.textContent).toContain('Up to date');
    const items = within(demo).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('.message__subject')!.textContent)).toEqual(['Unread: Newest news', 'Unread: Older news', 'Already read']);
    expect(items[0]!.textContent).toContain('Sender 12');
    expect(items[0]!.textContent).toContain('Snippet of Newest news');
    expect(within(screen.getByRole('article', { name: 'Work' })).getByTestId('account-unseen').textContent).toBe('0');
    await waitFor(() => expect(sent).toContainEqual({ type: 'refresh' }));
  });

  it('styles unread messages bold and read ones not', async () => {
    await renderWith(state([account()]));
    const [newest, , read] = screen.getAllByRole('listitem').filter((li) => li.classList.contains('message'));
    expect(newest!.classList.contains('message--unread')).toBe(true);
    expect(read!.classList.contains('message--unread')).toBe(false);
  });

  it('gives each account a stable colour dot derived from its name', async () => {
    await renderWith(state([account(), account({ name: 'Work' })]));
    const dot = (name: string) => (screen.getByRole('article', { name }).querySelector('.account__dot') as HTMLElement).style.background;
    expect(dot('Demo')).not.toBe('');
    expect(dot('Demo')).not.toBe(dot('Work'));
    const before = dot('Demo');
    cleanup();
    await renderWith(state([account({ name: 'Work' }), account()]));
    expect(dot('Demo')).toBe(before);
  });

  it('shows "(no subject)" for a message without a subject', async () => {
    await renderWith(state([account({ previews: [{ folder: 'INBOX', uidValidity: '42', previews: [preview(3, '  ')] }] })]));
    expect(screen.getByRole('button', { name: 'Mark as read: (no subject)' })).toBeTruthy();
  });

  it('sends markRead with the folder and its UIDVALIDITY when "mark as read" is clicked', async () => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read: Newest news' }));
    await waitFor(() =>
      expect(hostRequests()).toEqual([{ type: 'markRead', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [12] }]),
    );
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends markUnread for a read message', async () => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as unread: Already read' }));
    await waitFor(() =>
      expect(hostRequests()).toEqual([{ type: 'markUnread', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [10] }]),
    );
  });

  it('shows the translated reason in an alert when the host refuses', async () => {
    reply = () => ({ type: 'error', problem: { code: 'CONNECT_FAILED', message: 'connect ECONNREFUSED 127.0.0.1:993' } });
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read: Newest news' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That did not work: The mail server cannot be reached.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('marks a folder all read, offers Undo, and Undo marks the previously unread previews unread again', async () => {
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read in INBOX' }));
    await waitFor(() => expect(hostRequests()).toEqual([{ type: 'markAllRead', account: 'Demo', folder: 'INBOX', uidValidity: '42' }]));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' }));
    // The host then reports the folder empty of unread messages and previews; Undo must survive that.
    await extensionState.setValue(state([account({ counts: [{ folder: 'INBOX', unseen: 0, total: 5, uidValidity: '42' }], previews: [] })]));
    await waitFor(() => expect(screen.queryByText('Newest news')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(hostRequests()).toHaveLength(2));
    expect(hostRequests()[1]).toEqual({ type: 'markUnread', account: 'Demo', folder: 'INBOX', uidValidity: '42', uids: [12, 11] });
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('takes Undo away after a few seconds', async () => {
    await renderWith(state([account()]));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read in INBOX' }));
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    await vi.advanceTimersByTimeAsync(UNDO_MS - 100);
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeNull();
    await vi.advanceTimersByTimeAsync(200);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('shows the update command with the reason when the helper turns out to be outdated', async () => {
    reply = () => ({ type: 'error', problem: { code: 'HOST_OUTDATED', message: 'protocol 1 < 2' } });
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark as read: Newest news' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('That did not work: The Mailbadge helper is older than this extension.');
    expect(within(alert).getByText(INSTALL_COMMAND).tagName).toBe('CODE');
  });

  it('drops Undo and shows the reason when "mark all read" is refused', async () => {
    reply = () => ({ type: 'error', problem: { code: 'UIDVALIDITY_CHANGED', message: 'UIDVALIDITY of INBOX changed' } });
    await renderWith(state([account()]));
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read in INBOX' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The folder was rebuilt on the server');
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('opens the webmail address in a new tab, and has no open button without one', async () => {
    const created = vi.spyOn(fakeBrowser.tabs, 'create');
    await renderWith(state([account({ webmailUrl: 'https://mail.example.test/' }), account({ name: 'Work' })]));
    const demo = screen.getByRole('article', { name: 'Demo' });
    fireEvent.click(within(demo).getByRole('button', { name: 'Open in webmail: Newest news' }));
    expect(created).toHaveBeenCalledWith({ url: 'https://mail.example.test/' });
    expect(within(screen.getByRole('article', { name: 'Work' })).queryByRole('button', { name: /Open in webmail/ })).toBeNull();
  });

  it('shows at most the configured number of previews per account', async () => {
    await settings.setValue({ ...DEFAULT_SETTINGS, previewsPerAccount: 1 });
    await renderWith(state([account()]));
    await waitFor(() => expect(screen.queryByText('Older news')).toBeNull());
    expect(screen.getByText('Newest news')).toBeTruthy();
    expect(screen.getByText('and 1 more unread')).toBeTruthy();
  });

  it('groups previews by folder when an account watches several folders', async () => {
    const work = account({
      folders: ['INBOX', 'Lists'],
      counts: [
        { folder: 'INBOX', unseen: 1, total: 1, uidValidity: '42' },
        { folder: 'Lists', unseen: 1, total: 1, uidValidity: '9' },
      ],
      previews: [
        { folder: 'INBOX', uidValidity: '42', previews: [preview(5, 'Inbox mail')] },
        { folder: 'Lists', uidValidity: '9', previews: [preview(6, 'List mail', { folder: 'Lists' })] },
      ],
    });
    await renderWith(state([work]));
    const lists = screen.getByRole('region', { name: /^Lists/ });
    expect(within(lists).getByText('List mail')).toBeTruthy();
    expect(within(lists).queryByText('Inbox mail')).toBeNull();
    fireEvent.click(within(lists).getByRole('button', { name: 'Mark as read: List mail' }));
    await waitFor(() => expect(hostRequests()).toEqual([{ type: 'markRead', account: 'Demo', folder: 'Lists', uidValidity: '9', uids: [6] }]));
  });

  it("says when an account needs attention and opens that account's form in the options page to fix a rejected password", async () => {
    const failing = account({
      status: { state: 'error', at: minutesAgo(1), problem: { code: 'AUTH_FAILED', message: 'AUTHENTICATIONFAILED Authentication failed.' } },
    });
    await renderWith(state([failing]));
    const card = screen.getByRole('article', { name: 'Demo' });
    expect(card.textContent).toContain('Needs attention: The server rejected the user name or password.');
    expect(card.textContent).toContain('AUTHENTICATIONFAILED Authentication failed.');
    const createTab = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    createTab.mockClear(); // another test may have spied on it already
    fireEvent.click(within(card).getByRole('button', { name: 'Update the password' }));
    expect(createTab).toHaveBeenCalledTimes(1);
    expect(createTab.mock.calls[0]![0].url).toMatch(/\/options\.html#edit=Demo$/);
  });

  it('offers to check the certificate for an untrusted one, and no fix button for a network problem', async () => {
    await renderWith(
      state([
        account({ status: { state: 'error', at: minutesAgo(1), problem: { code: 'TLS_UNTRUSTED', message: 'self-signed', fingerprint256: 'AB:CD' } } }),
        account({ name: 'Work', status: { state: 'error', at: minutesAgo(1), problem: { code: 'TIMEOUT', message: 'timed out' } } }),
      ]),
    );
    expect(within(screen.getByRole('article', { name: 'Demo' })).getByRole('button', { name: 'Check the certificate' })).toBeTruthy();
    const work = screen.getByRole('article', { name: 'Work' });
    expect(work.textContent).toContain('The mail server did not answer in time.');
    expect(within(work).queryByRole('button', { name: /password|certificate/ })).toBeNull();
  });

  it('shows an offline account with the time of its last update', async () => {
    await renderWith(state([account({ status: { state: 'offline', at: minutesAgo(1) }, countsAt: minutesAgo(5) })]));
    expect(screen.getByRole('article', { name: 'Demo' }).textContent).toMatch(/Offline · last update 5 min\.? ago/);
  });

  it('names the problem of a folder that cannot be read', async () => {
    const broken = account({
      folders: ['INBOX', 'Gone'],
      counts: [
        { folder: 'INBOX', unseen: 2, total: 5, uidValidity: '42' },
        { folder: 'Gone', unseen: 0, total: 0, problem: { code: 'FOLDER_NOT_FOUND', message: 'Mailbox does not exist' } },
      ],
    });
    await renderWith(state([broken]));
    expect(screen.getByRole('region', { name: /^Gone/ }).textContent).toContain('This folder does not exist on the server.');
  });

  it('says the helper stopped while it reconnects, keeping the last known accounts', async () => {
    await renderWith(state([account({ status: { state: 'offline', at: minutesAgo(0) } })], 'disconnected'));
    expect(screen.getByRole('status').textContent).toBe('The helper stopped. Reconnecting…');
    expect(within(screen.getByRole('article', { name: 'Demo' })).getByTestId('account-unseen').textContent).toBe('2');
  });

  it('makes every action a real button with an accessible name', async () => {
    await renderWith(state([account({ webmailUrl: 'https://mail.example.test/' })]));
    const buttons = screen.getAllByRole('button');
    // the account's collapse toggle, mark all read, archive read + (read, star, archive, delete, spam, save, open) per message
    expect(buttons.length).toBe(3 + 3 * 7);
    for (const button of buttons) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('type')).toBe('button');
      expect((button.getAttribute('aria-label') ?? button.textContent ?? '').trim()).not.toBe('');
    }
  });
});

describe('popup as main.tsx starts it', () => {
  it('shows the stored messages in its first render, their action buttons right after its first frame', async () => {
    await extensionState.setValue(state([account()]));
    await settings.setValue({ ...DEFAULT_SETTINGS, previewsPerAccount: 2 });
    const initial = await readPopupStorage();
    // Preact's own render, as main.tsx calls it: testing-library's runs the effects (the "after the first frame") at once.
    const container = document.body.appendChild(document.createElement('div'));
    renderPreact(<App initial={initial} actionsAfterFirstFrame />, container);
    // No waiting: the rows (two, as the settings say) are there at once, their buttons not yet.
    const rows = within(screen.getByRole('article', { name: 'Demo' })).getAllByRole('listitem');
    expect(rows.map((li) => li.querySelector('.message__subject')!.textContent)).toEqual(['Unread: Newest news', 'Unread: Older news']);
    expect(screen.queryByRole('button', { name: 'Archive: Newest news' })).toBeNull();
    expect(await screen.findByRole('button', { name: 'Archive: Newest news' })).toBeTruthy();
    expect(within(rows[0]!).getAllByRole('button').length).toBe(6);
    renderPreact(null, container);
    container.remove();
  });

  it('follows storage changes written after its first read', async () => {
    await extensionState.setValue(state([account()]));
    render(<App initial={await readPopupStorage()} actionsAfterFirstFrame />);
    await extensionState.setValue(state([account({ name: 'Work' })]));
    expect(await screen.findByRole('article', { name: 'Work' })).toBeTruthy();
    await settings.setValue({ ...DEFAULT_SETTINGS, previewsPerAccount: 1 });
    await waitFor(() => expect(within(screen.getByRole('article', { name: 'Work' })).getAllByRole('listitem').length).toBe(1));
  });
});

describe('popup empty states', () => {
  it('offers to add an account when there is none', async () => {
    await renderWith(state([]));
    expect(screen.getByRole('heading', { name: 'No mail account yet' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add an account' }));
    expect(fakeBrowser.runtime.openOptionsPage).toHaveBeenCalledTimes(1);
  });

  it('shows the exact install command when the helper is not installed', async () => {
    await renderWith(state([account()], 'missing'));
    expect(screen.getByRole('heading', { name: 'The Mailbadge helper is not installed' })).toBeTruthy();
    expect(document.querySelector('code')!.textContent).toBe(INSTALL_COMMAND);
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('asks to update the helper, with the command, when it speaks an older protocol', async () => {
    const outdated = { ...state([account()]), host: { state: 'incompatible' as const, at: minutesAgo(0), problem: { code: 'HOST_OUTDATED' as const, message: 'protocol 1 < 2' } } };
    await renderWith(outdated);
    expect(screen.getByRole('heading', { name: 'The Mailbadge helper needs an update' })).toBeTruthy();
    expect(document.querySelector('code')!.textContent).toBe(INSTALL_COMMAND);
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('asks to update the extension, without a command, when the helper speaks a newer protocol', async () => {
    const newer = { ...state([account()]), host: { state: 'incompatible' as const, at: minutesAgo(0), problem: { code: 'EXTENSION_OUTDATED' as const, message: 'protocol 3 > 2' } } };
    await renderWith(newer);
    expect(screen.getByRole('heading', { name: 'The Mailbadge extension needs an update' })).toBeTruthy();
    expect(document.querySelector('code')).toBeNull();
    expect(screen.queryByRole('article')).toBeNull();
  });

  it('copies the install command with one click and links to the troubleshooting entry', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    await renderWith(state([], 'missing'));
    fireEvent.click(screen.getByRole('button', { name: 'Copy command' }));
    expect(writeText).toHaveBeenCalledWith(INSTALL_COMMAND);
    await waitFor(() => expect(screen.getByText('Copied. Paste it into a terminal.')).toBeTruthy());
    const help = screen.getByRole('link', { name: 'Troubleshooting' });
    expect(help.getAttribute('href')).toBe(HELP_HELPER_MISSING);
    expect(help.getAttribute('target')).toBe('_blank');
  });

  it('links an account that needs the user to the troubleshooting entry', async () => {
    await renderWith(state([account({ status: { state: 'error', problem: { code: 'AUTH_FAILED', message: 'Login refused.' }, at: minutesAgo(1) } })]));
    const card = screen.getByRole('article', { name: 'Demo' });
    expect(within(card).getByRole('link', { name: 'Troubleshooting' }).getAttribute('href')).toBe(HELP_NEEDS_YOU);
  });

  it('says "All caught up" when accounts exist and nothing is unseen', async () => {
    await renderWith(state([account({ counts: [{ folder: 'INBOX', unseen: 0, total: 5, uidValidity: '42' }], previews: [] })]));
    expect(screen.getByRole('heading', { name: 'All caught up' })).toBeTruthy();
    expect(screen.getByRole('article', { name: 'Demo' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Mark all read/ })).toBeNull();
  });

  it('does not claim "All caught up" while there are unseen messages', async () => {
    await renderWith(state([account()]));
    expect(screen.queryByRole('heading', { name: 'All caught up' })).toBeNull();
  });

  it('says it is connecting instead of "no account" before the helper has answered', async () => {
    await renderWith(state([], 'connecting'));
    expect(screen.getByRole('status').textContent).toBe('Connecting to the helper…');
    expect(screen.queryByRole('heading', { name: 'No mail account yet' })).toBeNull();
  });
});
