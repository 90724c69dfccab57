// The extension's picture of the world, and the pure rules that update it from host messages.
import { isInbox } from './inbox';
import type { AccountStatus, AccountView, HostToExtension, Problem } from './protocol';

/** Why there is no working helper: not installed, stopped, or speaking another protocol version (host.problem says which side to update). */
export type HostLoss = 'missing' | 'disconnected' | 'incompatible';

export type HostLinkState = 'connecting' | 'connected' | HostLoss;

export interface ExtensionState {
  host: { state: HostLinkState; version?: string; problem?: Problem; at: string };
  accounts: AccountView[];
}

export function initialState(now = new Date()): ExtensionState {
  return { host: { state: 'connecting', at: now.toISOString() }, accounts: [] };
}

export function applyHostMessage(state: ExtensionState, message: HostToExtension, now = new Date()): ExtensionState {
  switch (message.type) {
    case 'hello':
      return { ...state, host: { state: 'connected', version: message.hostVersion, at: now.toISOString() } };
    case 'state':
      return { ...state, host: { ...state.host, state: 'connected' }, accounts: message.accounts };
    case 'accountStatus':
      return updateAccount(state, message.account, (account) => ({ ...account, status: message.status }));
    case 'folderCounts':
      return updateAccount(state, message.account, (account) => ({ ...account, counts: message.folders, countsAt: message.at }));
    case 'error':
      // Replies to our own requests are handled by whoever asked; unsolicited errors are about the host itself.
      return message.id ? state : { ...state, host: { ...state.host, problem: message.problem } };
    case 'previews': {
      const { folder, uidValidity, previews } = message;
      return updateAccount(state, message.account, (account) => ({
        ...account,
        previews: [...account.previews.filter((shown) => shown.folder !== folder), { folder, uidValidity, previews }],
      }));
    }
    case 'ok':
    case 'folders':
    case 'discovered':
    case 'signInStarted':
    case 'signInFinished':
    case 'moved':
    case 'messageChunk':
    case 'saved':
      return state;
  }
}

/** The host went away: keep the last counts (shown greyed) and mark every account offline. */
export function hostLost(state: ExtensionState, linkState: HostLoss, problem: Problem, now = new Date()): ExtensionState {
  const at = now.toISOString();
  const offline: AccountStatus = { state: 'offline', problem, at };
  return {
    host: { state: linkState, problem, at },
    accounts: state.accounts.map((account) => ({ ...account, status: offline })),
  };
}

export function hostConnecting(state: ExtensionState, now = new Date()): ExtensionState {
  // A helper of another protocol stays the news until one that fits says hello: each retry must not flicker the popup.
  if (state.host.state === 'incompatible') return state;
  return { ...state, host: { state: 'connecting', at: now.toISOString() } };
}

/** Unseen mail of an account: every watched folder, or INBOX only. */
export function accountUnseen(account: AccountView, scope: 'all' | 'inbox' = 'all'): number {
  return account.counts
    .filter((count) => scope === 'all' || isInbox(count.folder))
    .reduce((sum, count) => sum + count.unseen, 0);
}

export function totalUnseen(state: ExtensionState): number {
  return state.accounts.reduce((sum, account) => sum + accountUnseen(account), 0);
}

function updateAccount(state: ExtensionState, name: string, change: (account: AccountView) => AccountView): ExtensionState {
  // An event for an account we do not know yet arrives before the state reply; the next getState brings it.
  if (!state.accounts.some((account) => account.name === name)) return state;
  return { ...state, accounts: state.accounts.map((account) => (account.name === name ? change(account) : account)) };
}
