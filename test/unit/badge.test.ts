import { describe, expect, it } from 'vitest';
import { BADGE_COLORS, badgeFor, badgeText } from '../../lib/badge';
import type { AccountView } from '../../lib/protocol';
import { hostLost, initialState, type ExtensionState } from '../../lib/state';

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
    counts: unseen.map((n, i) => ({ path: `F${i}`, unseen: n, total: n + 1 })),
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
