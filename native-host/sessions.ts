// Keeps one AccountSession per configured account, in step with the config as it changes.
import type { AccountSettings } from '../lib/account';
import type { AccountView } from '../lib/protocol';
import { AccountSession, type SessionListener } from './account-session';
import { HostError } from './errors';
import type { SecretStore } from './secrets';

/** How often the clock is checked for a jump that means the machine slept. */
const CLOCK_TICK_MS = 15_000;
const SLEEP_GAP_MS = 30_000;

export class SessionManager {
  private readonly sessions = new Map<string, AccountSession>();
  private readonly clock: NodeJS.Timeout;

  constructor(
    private readonly secrets: SecretStore,
    private readonly listener: SessionListener,
    /** Where OAuth2 accounts find their provider (providers.json). */
    private readonly configDir?: string,
    /** The wall clock and how often it is read (tests jump it to play a sleep or a clock change). */
    clock: { now(): number; tickMs: number } = { now: Date.now, tickMs: CLOCK_TICK_MS },
  ) {
    // Timers do not run while the machine sleeps, so a tick that comes far too late means it slept; a clock set
    // forward looks the same, and a session re-checked for nothing costs one reconnect.
    let last = clock.now();
    this.clock = setInterval(() => {
      const now = clock.now();
      if (now - last > clock.tickMs + SLEEP_GAP_MS) for (const session of this.sessions.values()) session.reconnect();
      last = now;
    }, clock.tickMs);
    this.clock.unref();
  }

  /** Starts sessions for new accounts, stops removed ones and restarts those whose settings changed. */
  async sync(accounts: readonly AccountSettings[]): Promise<void> {
    const wanted = new Map(accounts.map((account) => [account.name, account]));
    const stopping: Promise<void>[] = [];
    for (const [name, session] of this.sessions) {
      const next = wanted.get(name);
      if (!next || JSON.stringify(next) !== JSON.stringify(session.account)) {
        this.sessions.delete(name);
        stopping.push(session.stop());
      }
    }
    await Promise.all(stopping);
    for (const account of accounts) {
      if (this.sessions.has(account.name)) continue;
      const session = new AccountSession(account, this.secrets, this.listener, {}, this.configDir);
      this.sessions.set(account.name, session);
      session.start();
    }
  }

  /** The session of a configured account, or ACCOUNT_NOT_FOUND. */
  get(name: string): AccountSession {
    const session = this.sessions.get(name);
    if (!session) throw new HostError('ACCOUNT_NOT_FOUND', `There is no account named "${name}". Reload the extension's account list.`);
    return session;
  }

  views(): AccountView[] {
    return [...this.sessions.values()].map((session) => session.view());
  }

  /** Refreshes one account, or all when no name is given; false if the name is unknown. */
  refresh(name?: string): boolean {
    if (name === undefined) {
      for (const session of this.sessions.values()) session.refresh();
      return true;
    }
    const session = this.sessions.get(name);
    session?.refresh();
    return session !== undefined;
  }

  /** Accounts stopped on a failure the user had to fix (password, certificate) try again. */
  retryFailed(): void {
    for (const session of this.sessions.values()) if (session.view().status.state === 'error') session.refresh();
  }

  async stopAll(): Promise<void> {
    clearInterval(this.clock);
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((session) => session.stop()));
  }
}
