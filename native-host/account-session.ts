// One account's live session: connects, hands the connection to its folder watcher, performs read/unread actions, and reconnects after a drop.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../lib/account';
import { backoffDelay } from '../lib/backoff';
import { needsUser } from '../lib/problems';
import type { AccountStatus, AccountView, FolderCount, FolderPreviews, Problem } from '../lib/protocol';
import { CommandQueue } from './command-queue';
import { configDir as defaultConfigDir } from './config';
import { HostError, toProblem } from './errors';
import { connectionFailure, withDeadline } from './imap/connection-guard';
import { changeSeen, type SeenChange } from './imap/flags';
import { listFolders, type FolderListing } from './imap/folder-list';
import { ImapflowUnsupportedError } from './imap/imapflow';
import { accountLogin, type AccountLogin } from './login';
import { MailActions } from './mail-actions';
import type { SecretStore } from './secrets';
import { COALESCE_MS, FolderWatcher, type WatchTuning } from './watch/folder-watcher';
import { chooseStrategy, type WatchStrategy } from './watch/strategy';

export interface SessionListener {
  status(account: string, status: AccountStatus): void;
  counts(account: string, folders: FolderCount[], at: string): void;
  previews(account: string, folders: FolderPreviews, at: string): void;
}

export type SessionTuning = WatchTuning;

export class AccountSession {
  private readonly stopper = new AbortController();
  /** Every sequence of commands is bounded in time: a server that trickles or stalls gets its connection closed. */
  private readonly commands = new CommandQueue((action) => {
    const client = this.client;
    return client ? withDeadline(client, `${this.account.host}:${this.account.port}`, action) : action();
  });
  private readonly watcher: FolderWatcher;
  private client: ImapFlow | undefined;
  private strategy: WatchStrategy | undefined;
  private current: AccountStatus = { state: 'connecting', at: new Date().toISOString() };
  private wakeRetry: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private readonly login: AccountLogin;
  /** Set when a background token refresh found the grant revoked: the connection is closed and the user asked. */
  private signInLost: HostError | undefined;
  /** Archive, delete, spam, undo, star and save, on this session's connection. */
  readonly actions: MailActions;

  constructor(
    readonly account: AccountSettings,
    secrets: SecretStore,
    private readonly listener: SessionListener,
    tuning: SessionTuning = {},
    /** Where an OAuth2 account's provider (providers.json) is looked up. */
    configDir: string = defaultConfigDir(),
  ) {
    this.login = accountLogin(account, secrets, configDir, (problem) => {
      this.signInLost = problem;
      this.client?.close();
    });
    this.watcher = new FolderWatcher(
      account,
      this.commands,
      {
        counts: (folders, at) => listener.counts(account.name, folders, at),
        previews: (folders, at) => listener.previews(account.name, folders, at),
      },
      tuning,
      this.stopper.signal,
    );
    this.actions = new MailActions(account, (action) => this.act(action));
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Settles when the session has stopped for good (after stop()). */
  get finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** How this account is being watched right now (for diagnostics and tests). */
  get watchStrategy(): WatchStrategy | undefined {
    return this.strategy;
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.login.stop();
    this.actions.stop();
    this.wakeRetry?.();
    this.client?.close();
    await this.running;
  }

  view(): AccountView {
    return { ...this.account, status: this.current, ...this.watcher.state() };
  }

  /** Re-count everything now; after a failure that needed the user, try connecting again. */
  refresh(): void {
    if (this.client?.usable) this.watcher.recount(this.account.folders);
    else this.wakeRetry?.();
  }

  /** After a system sleep the TCP session is likely dead without anyone having noticed: start a fresh one now. */
  reconnect(): void {
    if (this.client) this.client.close();
    else this.wakeRetry?.();
  }

  async setSeen(folder: string, change: SeenChange, uidValidity: string): Promise<void> {
    await this.withClient(async (client) => {
      await changeSeen(client, folder, change, uidValidity);
      await this.watcher.restoreWatchState(client);
    });
    // Servers need not tell a client about its own changes: re-count that folder ourselves.
    this.watcher.recount([folder]);
  }

  /** Runs a mail action, then re-counts every watched folder (one round trip): it may have touched several. */
  private async act<T>(action: (client: ImapFlow) => Promise<T>): Promise<T> {
    try {
      return await this.withClient(async (client) => {
        try {
          return await action(client);
        } finally {
          // Even after a refusal the action may have selected another folder; a broken connection is the watcher's to see.
          await this.watcher.restoreWatchState(client).catch(() => undefined);
        }
      });
    } finally {
      this.watcher.recount(this.account.folders);
    }
  }

  async folderList(): Promise<FolderListing> {
    return await this.withClient((client) => listFolders(client));
  }

  private async withClient<T>(action: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client?.usable) {
      throw new HostError('CONNECT_FAILED', `Account "${this.account.name}" is not connected right now; try again when it is back online.`);
    }
    return await this.commands.run(() => action(client));
  }

  /** Connects, watches until the connection drops, and tries again: with backoff, or after the user acts when retrying cannot help. */
  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    for (let attempt = 0; !signal.aborted; ) {
      this.setStatus('connecting');
      let problem: Problem;
      let waitForUser: boolean;
      try {
        await this.connectAndWatch();
        // A server that broke the connection by misbehaving (overlong data, silence) keeps the backoff growing;
        // a plain drop after a working session does not: the next attempt comes soon.
        const failure = this.client && connectionFailure(this.client);
        if (failure && (failure.code === 'SERVER_INVALID_REPLY' || failure.code === 'TIMEOUT')) throw failure;
        attempt = 0;
        problem = failure?.toProblem() ?? { code: 'CONNECT_FAILED', message: `The connection to ${this.account.host} was closed; reconnecting.` };
        waitForUser = false;
      } catch (thrown) {
        // A connection closed because the grant was revoked fails with that, whatever the watcher saw; one the
        // server broke (overlong data, silence) with what it did.
        const error = this.signInLost ?? (this.client && connectionFailure(this.client)) ?? thrown;
        problem = toProblem(error);
        // An unsupported imapflow stays unsupported until the helper is reinstalled: hammering helps no one.
        waitForUser = needsUser(problem.code) || error instanceof ImapflowUnsupportedError;
        // After stop() a command cut short by the closing connection is expected, not worth a line.
        if (!(error instanceof HostError) && !signal.aborted) process.stderr.write(`mailbadge: ${this.account.name}: ${String(error)}\n`);
      } finally {
        this.client?.close();
        this.client = undefined;
        this.strategy = undefined;
      }
      if (signal.aborted) break;
      if (waitForUser) {
        this.setStatus('error', problem);
        await this.waitForRetry(); // until refresh() or stop()
      } else {
        this.setStatus('offline', problem);
        await this.waitForRetry(backoffDelay(attempt++));
      }
    }
  }

  private async connectAndWatch(): Promise<void> {
    this.signInLost = undefined;
    const client = await this.login.open({
      // IDLE is restarted well before the 29 minutes after which servers may drop it (RFC 2177).
      maxIdleTime: 25 * 60_000,
      // Enter IDLE right after each command: until then a new message would go unnoticed.
      autoIdleDelay: COALESCE_MS,
    });
    this.client = client;
    if (this.stopper.signal.aborted) return;
    const strategy = chooseStrategy(client.capabilities, this.account.folders);
    this.strategy = strategy;
    this.setStatus('ok');
    // The session outlives its access token: refresh it ahead of expiry so a reconnect never waits for it.
    this.login.keepFresh();
    await this.watcher.watch(client, strategy);
    if (this.signInLost) throw this.signInLost;
  }

  private setStatus(state: AccountStatus['state'], problem?: Problem): void {
    this.current = { state, at: new Date().toISOString(), ...(problem ? { problem } : {}) };
    this.listener.status(this.account.name, this.current);
  }

  private waitForRetry(delayMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = delayMs === undefined ? undefined : setTimeout(done, delayMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = () => {
        this.wakeRetry = undefined;
        done();
      };
    });
  }
}
