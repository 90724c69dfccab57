import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor, badgeText } from '../../lib/badge';
import type { AccountView } from '../../lib/protocol';
import { hostLost, initialState, type ExtensionState } from '../../lib/state';
import { english } from '../support/english';

const t = (key: string, subs: string[] = []) => [key, ...subs].join(' ');

function account(name: string, unseen: number[], state: AccountView['status']['state'] = 'ok'): AccountView {
  return {
    name,
    host: 'h',
    port: 993,
    security: 'tls',
    user: 'u',
    folders: unseen.map((_, i) => `F${i}`),
    status: { state, at: 'x' },
    counts: unseen.map((n, i) => ({ folder: `F${i}`, unseen: n, total: n + 1 })),
    previews: [],
  };
}

function stateWith(...accounts: AccountView[]): ExtensionState {
  return { ...initialState(), host: { state: 'connected', at: 'x' }, accounts };
}

describe('badge text', () => {
  it('is empty when nothing is unseen', () => expect(badgeText(0)).toBe(''));
  it('shows 1 to 99 as the number', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(42)).toBe('42');
    expect(badgeText(99)).toBe('99');
  });
  it('shows 99+ above 99 unseen', () => {
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(123456)).toBe('99+');
  });
  it('treats nonsense as nothing unseen', () => {
    expect(badgeText(-3)).toBe('');
    expect(badgeText(Number.NaN)).toBe('');
  });
});

describe('badge for the extension state', () => {
  it('sums unseen across accounts and folders', () => {
    expect(badgeFor(stateWith(account('A', [2, 1]), account('B', [4])), t)).toMatchObject({ text: '7', color: BADGE_COLORS.normal });
  });

  it('keeps the last counts in grey when the host is gone', () => {
    const state = hostLost(stateWith(account('A', [3])), 'disconnected', { code: 'HOST_EXITED', message: 'x' });
    expect(badgeFor(state, t)).toMatchObject({ text: '3', color: BADGE_COLORS.offline });
  });

  it('shows a red ! when the host is not installed', () => {
    const state = hostLost(stateWith(), 'missing', { code: 'HOST_NOT_INSTALLED', message: 'x' });
    expect(badgeFor(state, t)).toMatchObject({ text: '!', color: BADGE_COLORS.error });
  });

  it('turns red when an account needs attention', () => {
    expect(badgeFor(stateWith(account('A', [0], 'error')), t)).toMatchObject({ text: '!', color: BADGE_COLORS.error });
  });

  it('lists every account in the tooltip', () => {
    expect(badgeFor(stateWith(account('A', [2]), account('B', [5])), t).title).toBe('extName\ntooltipAccount A 2\ntooltipAccount B 5');
  });
});

describe('badge counting INBOX only', () => {
  function withFolders(name: string, folders: Record<string, number>, state: AccountView['status']['state'] = 'ok'): AccountView {
    return { ...account(name, [], state), folders: Object.keys(folders), counts: Object.entries(folders).map(([folder, unseen]) => ({ folder, unseen, total: unseen })) };
  }

  it('counts only INBOX of each account when set to inbox', () => {
    const state = stateWith(withFolders('A', { INBOX: 2, Lists: 40 }), withFolders('B', { INBOX: 3, Archive: 7 }));
    expect(badgeFor(state, t, { badgeCounts: 'inbox' })).toMatchObject({ text: '5', color: BADGE_COLORS.normal });
  });

  it('counts every watched folder when set to all, as without settings', () => {
    const state = stateWith(withFolders('A', { INBOX: 2, Lists: 40 }));
    expect(badgeFor(state, t, { badgeCounts: 'all' }).text).toBe('42');
    expect(badgeFor(state, t).text).toBe('42');
  });

  it('matches INBOX case-insensitively, as IMAP does', () => {
    expect(badgeFor(stateWith(withFolders('A', { Inbox: 4, inbox2: 9 })), t, { badgeCounts: 'inbox' }).text).toBe('4');
  });

  it('is empty when only other folders have unseen mail', () => {
    expect(badgeFor(stateWith(withFolders('A', { INBOX: 0, Lists: 12 })), t, { badgeCounts: 'inbox' })).toMatchObject({ text: '', color: BADGE_COLORS.normal });
  });

  it('lists the INBOX counts per account in the tooltip', () => {
    const state = stateWith(withFolders('A', { INBOX: 1, Lists: 5 }), withFolders('B', { INBOX: 6 }));
    expect(badgeFor(state, t, { badgeCounts: 'inbox' }).title).toBe('extName\ntooltipAccount A 1\ntooltipAccount B 6');
  });

  it('keeps its colours: grey offline, red on an error', () => {
    const offline = hostLost(stateWith(withFolders('A', { INBOX: 3, Lists: 1 })), 'disconnected', { code: 'HOST_EXITED', message: 'x' });
    expect(badgeFor(offline, t, { badgeCounts: 'inbox' })).toMatchObject({ text: '3', color: BADGE_COLORS.offline });
    expect(badgeFor(stateWith(withFolders('A', { INBOX: 0, Lists: 2 }, 'error')), t, { badgeCounts: 'inbox' })).toMatchObject({ text: '!', color: BADGE_COLORS.error });
  });
});

describe('badge tooltip naming problems', () => {
  const failing = (name: string, state: 'error' | 'offline', code: 'AUTH_FAILED' | 'CONNECT_FAILED', unseen: number): AccountView => ({
    ...account(name, [unseen]),
    status: { state, at: 'x', problem: { code, message: 'the host says so in English' } },
  });

  it('names the problem of each account and what to do, not a bare "!"', () => {
    const state = stateWith(failing('Work', 'error', 'AUTH_FAILED', 0), failing('Home', 'offline', 'CONNECT_FAILED', 3), account('Club', [1]));
    const badge = badgeFor(state, english);
    expect(badge).toMatchObject({ text: '4', color: BADGE_COLORS.error });
    expect(badge.title.split('\n')).toEqual(['Mailbadge', 'Work: wrong password — open the options', 'Home: 3 unread (server not reachable)', 'Club: 1 unread']);
  });

  it('takes the phrase from the problems table for any code', () => {
    expect(badgeFor(stateWith(failing('Work', 'error', 'AUTH_FAILED', 0)), t).title).toBe('extName\ntooltipAccountProblem Work badgeProblem_AUTH_FAILED');
  });

  it('says the helper is missing, with the popup as the place to fix it', () => {
    const state = hostLost(stateWith(account('A', [3])), 'missing', { code: 'HOST_NOT_INSTALLED', message: 'x' });
    expect(badgeFor(state, english)).toEqual({ text: '!', color: BADGE_COLORS.error, title: 'Mailbadge: the helper is not installed — open the popup' });
  });

  it('says which side to update when helper and extension speak different protocols', () => {
    const older = hostLost(stateWith(account('A', [3])), 'incompatible', { code: 'HOST_OUTDATED', message: 'x' });
    expect(badgeFor(older, english)).toEqual({ text: '!', color: BADGE_COLORS.error, title: 'Mailbadge: the helper needs an update — open the popup' });
    const newer = hostLost(stateWith(account('A', [3])), 'incompatible', { code: 'EXTENSION_OUTDATED', message: 'x' });
    expect(badgeFor(newer, english).title).toBe('Mailbadge: the extension needs an update');
  });
});
