// What the toolbar badge says: pure functions of the extension state.
import type { Translate } from './i18n';
import { problemInfo } from './problems';
import type { AccountView, Problem } from './protocol';
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
  const { host } = state;
  // Without a helper that speaks our protocol there is nothing to count: the tooltip says what is wrong instead.
  if (host.state === 'missing' || host.state === 'incompatible') {
    const problem = host.problem ?? { code: host.state === 'missing' ? 'HOST_NOT_INSTALLED' : 'HOST_OUTDATED' };
    return { text: '!', color: BADGE_COLORS.error, title: t('tooltipHostProblem', [problemPhrase(problem, t)]) };
  }
  const perAccount = state.accounts.map((a) => accountUnseen(a, settings.badgeCounts));
  const title = [t('extName'), ...state.accounts.map((a, i) => accountLine(a, perAccount[i]!, t))].join('\n');
  const text = badgeText(perAccount.reduce((sum, n) => sum + n, 0));
  if (state.accounts.some((a) => a.status.state === 'error')) return { text: text || '!', color: BADGE_COLORS.error, title };
  const allOffline = state.accounts.length > 0 && state.accounts.every((a) => a.status.state === 'offline');
  if (host.state === 'disconnected' || allOffline) return { text, color: BADGE_COLORS.offline, title };
  return { text, color: BADGE_COLORS.normal, title };
}

/** "Work: 3 unread", or the account's problem: "Work: wrong password — open the options", "Work: 3 unread (server not reachable)". */
function accountLine(account: AccountView, unseen: number, t: Translate): string {
  const { state, problem } = account.status;
  if (state === 'error' && problem) return t('tooltipAccountProblem', [account.name, problemPhrase(problem, t)]);
  if (state === 'offline' && problem) return t('tooltipAccountOffline', [account.name, String(unseen), problemPhrase(problem, t)]);
  return t('tooltipAccount', [account.name, String(unseen)]);
}

function problemPhrase(problem: Pick<Problem, 'code'>, t: Translate): string {
  return t(problemInfo(problem.code).badgeKey);
}
