// The background worker wired as in the browser: WXT's fake browser for storage, badge, messages, alarms and
// notifications, and a fake helper behind runtime.connectNative. What it shows is read back from the fake browser.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BACKOFF_MIN_MS } from '../../lib/backoff';
import { BADGE_COLORS } from '../../lib/badge';
import { PROTOCOL_VERSION, type AccountView, type HostToExtension } from '../../lib/protocol';
import type { PageToWorker } from '../../lib/runtime-messages';
import { extensionState } from '../../lib/storage';
import { startWorker } from '../../lib/worker';
import { english } from '../support/english';
import { FakeHelper, settle, standardAnswer } from '../support/fake-native-port';

const AT = '2026-11-25T10:00:00.000Z';

function account(name: string, unseen = 0): AccountView {
  return {
    name,
    host: 'imap.example.test',
    port: 993,
    security: 'tls',
    user: 'alice',
    folders: ['INBOX'],
    status: { state: 'ok', at: AT },
    counts: [{ folder: 'INBOX', unseen, total: unseen + 1, uidValidity: '7' }],
    previews: [],
  };
}

const badge = async () => ({
  text: await browser.action.getBadgeText({}),
  color: await browser.action.getBadgeBackgroundColor({}),
  title: await browser.action.getTitle({}),
});
const rgba = (hex: string) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
/** A page's request through the worker, as the popup and the options page send it. */
const fromPage = (message: PageToWorker) => browser.runtime.sendMessage(message) as Promise<HostToExtension>;

let helper: FakeHelper;

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Mailbadge', version: '0.1.0' });
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english as typeof fakeBrowser.i18n.getMessage);
  helper = new FakeHelper().install();
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('background worker', () => {
  it('takes in what the helper pushes: the stored state and the badge follow', async () => {
    helper.accounts = [account('Work')];
    startWorker();
    await settle();
    expect((await extensionState.getValue()).host).toMatchObject({ state: 'connected', version: '0.1.0' });
    expect(await badge()).toEqual({ text: '', color: rgba(BADGE_COLORS.normal), title: 'Mailbadge\nWork: 0 unread' });

    helper.port.push({ type: 'folderCounts', account: 'Work', folders: [{ folder: 'INBOX', unseen: 3, total: 9, uidValidity: '7' }], at: AT });
    await settle();
    expect((await extensionState.getValue()).accounts[0]!.counts).toEqual([{ folder: 'INBOX', unseen: 3, total: 9, uidValidity: '7' }]);
    expect(await badge()).toEqual({ text: '3', color: rgba(BADGE_COLORS.normal), title: 'Mailbadge\nWork: 3 unread' });
  });

  it('names an account the user must fix in the tooltip', async () => {
    helper.accounts = [account('Work', 2)];
    startWorker();
    await settle();
    helper.port.push({ type: 'accountStatus', account: 'Work', status: { state: 'error', at: AT, problem: { code: 'AUTH_FAILED', message: 'AUTHENTICATIONFAILED' } } });
    await settle();
    expect(await badge()).toEqual({ text: '2', color: rgba(BADGE_COLORS.error), title: 'Mailbadge\nWork: wrong password — open the options' });
  });

  it('keeps the counts in grey when the helper exits, and reconnects after the backoff delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1); // the longest delay: exactly 1 s for the first retry
    helper.accounts = [account('Work', 3)];
    startWorker();
    await settle();
    helper.port.exit('Native host has exited.');
    await settle();
    expect((await extensionState.getValue()).host.state).toBe('disconnected');
    expect((await extensionState.getValue()).accounts[0]!.status).toMatchObject({ state: 'offline', problem: { code: 'HOST_EXITED' } });
    expect(await badge()).toMatchObject({ text: '3', color: rgba(BADGE_COLORS.offline) });

    await vi.advanceTimersByTimeAsync(BACKOFF_MIN_MS - 1);
    expect(helper.ports).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(helper.ports).toHaveLength(2);
    expect((await extensionState.getValue()).host.state).toBe('connected');
    expect(await badge()).toMatchObject({ text: '3', color: rgba(BADGE_COLORS.normal) });
  });

  it('fetches the state once after a page saves an account, although the new account speaks first', async () => {
    helper.accounts = [account('Work')];
    startWorker();
    await settle();
    const before = helper.requestsOf('getState').length;
    // The real host starts the new account's session (and says so) before it answers ok.
    helper.answer = (request, h) => {
      if (request.type !== 'saveAccount') return standardAnswer(request, h);
      h.accounts = [...h.accounts, account('New')];
      return [{ type: 'accountStatus', account: 'New', status: { state: 'connecting', at: AT } }, { type: 'ok', id: request.id }];
    };
    const settings = { name: 'New', host: 'imap.example.test', port: 993, security: 'tls' as const, user: 'bob', folders: ['INBOX'] };
    expect(await fromPage({ type: 'host', request: { type: 'saveAccount', settings, password: 'secret' } })).toMatchObject({ type: 'ok' });
    await settle();
    expect(helper.requestsOf('getState').length - before).toBe(1);
    expect((await extensionState.getValue()).accounts.map((a) => a.name)).toEqual(['Work', 'New']);
  });

  it('fetches the state once after a page removes an account', async () => {
    helper.accounts = [account('Work'), account('Old')];
    startWorker();
    await settle();
    const before = helper.requestsOf('getState').length;
    helper.accounts = [account('Work')];
    expect(await fromPage({ type: 'host', request: { type: 'removeAccount', account: 'Old' } })).toMatchObject({ type: 'ok' });
    await settle();
    expect(helper.requestsOf('getState').length - before).toBe(1);
    expect((await extensionState.getValue()).accounts.map((a) => a.name)).toEqual(['Work']);
  });

  it('fetches the state when an account it does not know speaks (added from the command line)', async () => {
    helper.accounts = [account('Work')];
    startWorker();
    await settle();
    const before = helper.requestsOf('getState').length;
    helper.accounts = [account('Work'), account('Cli', 1)];
    helper.port.push({ type: 'accountStatus', account: 'Cli', status: { state: 'ok', at: AT } });
    await settle();
    expect(helper.requestsOf('getState').length - before).toBe(1);
    expect(await badge()).toMatchObject({ text: '1', title: 'Mailbadge\nWork: 0 unread\nCli: 1 unread' });
  });

  it('asks the host for its state again when it refuses a read, undoing the prediction', async () => {
    helper.accounts = [account('Work', 2)];
    startWorker();
    await settle();
    const before = helper.requestsOf('getState').length;
    helper.answer = (request, h) =>
      request.type === 'markAllRead' ? [{ type: 'error', id: request.id, problem: { code: 'UIDVALIDITY_CHANGED', message: 'x' } }] : standardAnswer(request, h);
    const reply = fromPage({ type: 'host', request: { type: 'markAllRead', account: 'Work', folder: 'INBOX', uidValidity: '7' } });
    expect(await reply).toMatchObject({ type: 'error', problem: { code: 'UIDVALIDITY_CHANGED' } });
    expect(helper.requestsOf('getState').length - before).toBe(1);
    await settle();
    expect(await badge()).toMatchObject({ text: '2' });
  });
});

describe('background worker and the helper version', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });

  it('says "update the helper" instead of failing on its messages, and takes the updated helper into use', async () => {
    helper.protocolVersion = PROTOCOL_VERSION - 1;
    helper.accounts = [account('Work', 3)];
    startWorker();
    await settle();
    const state = await extensionState.getValue();
    expect(state.host).toMatchObject({ state: 'incompatible', problem: { code: 'HOST_OUTDATED' } });
    expect(await badge()).toEqual({ text: '!', color: rgba(BADGE_COLORS.error), title: 'Mailbadge: the helper needs an update — open the popup' });
    expect(helper.port.closedByExtension).toBe(true);

    // A page asking meanwhile is told the same, and the retry does not flicker through "connecting".
    const seen: string[] = [];
    const unwatch = extensionState.watch((next) => seen.push(next.host.state));
    expect(await fromPage({ type: 'refresh' })).toMatchObject({ type: 'error', problem: { code: 'HOST_OUTDATED' } });
    await settle();
    unwatch();
    expect(helper.ports).toHaveLength(2);
    expect(new Set(seen)).toEqual(new Set(['incompatible']));

    helper.protocolVersion = PROTOCOL_VERSION;
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await settle();
    expect((await extensionState.getValue()).host.state).toBe('connected');
    expect(await badge()).toMatchObject({ text: '3', color: rgba(BADGE_COLORS.normal) });
  });

  it('says "update the extension" to a helper of a newer protocol', async () => {
    helper.protocolVersion = PROTOCOL_VERSION + 1;
    startWorker();
    await settle();
    expect((await extensionState.getValue()).host.problem?.code).toBe('EXTENSION_OUTDATED');
    expect((await badge()).title).toBe('Mailbadge: the extension needs an update');
  });
});
