// What the toolbar badge says: pure functions of the extension state.
import type { Translate } from './i18n';
import type { Settings } from './settings';
import { accountUnseen, type ExtensionState } from './state';

export const BADGE_COLORS = {
  normal: '#1a73e8',
  offline: '#80868b',
  error: '#d93025',
} as const;

export interface Badge {
  text: string;
  color: string;
  /** Tooltip lines: one per account, already localised by the caller's `t`. */
  title: string;
}

/** Empty for nothing unseen, the number up to 99, then "99+" so the badge stays readable. */
export function badgeText(unseen: number): string {
  if (!Number.isFinite(unseen) || unseen <= 0) return '';
  if (unseen > 99) return '99+';
  return String(Math.floor(unseen));
}

export type BadgeSettings = Pick<Settings, 'badgeCounts'>;

export function badgeFor(state: ExtensionState, t: Translate, settings: BadgeSettings = { badgeCounts: 'all' }): Badge {
  const perAccount = state.accounts.map((a) => accountUnseen(a, settings.badgeCounts));
  const title = [t('extName'), ...state.accounts.map((a, i) => t('tooltipAccount', [a.name, String(perAccount[i])]))].join('\n');
  if (state.host.state === 'missing') return { text: '!', color: BADGE_COLORS.error, title: t('hostMissingTitle') };
  const text = badgeText(perAccount.reduce((sum, n) => sum + n, 0));
  if (state.accounts.some((a) => a.status.state === 'error')) return { text: text || '!', color: BADGE_COLORS.error, title };
  const allOffline = state.accounts.length > 0 && state.accounts.every((a) => a.status.state === 'offline');
  if (state.host.state === 'disconnected' || allOffline) return { text, color: BADGE_COLORS.offline, title };
  return { text, color: BADGE_COLORS.normal, title };
}
