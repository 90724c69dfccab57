// One account's live session: connects, watches every chosen folder the cheapest way the server allows,
// fetches previews of what changed, performs read/unread actions, and reconnects after a drop.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../lib/account';
import { backoffDelay } from '../lib/backoff';
import type { AccountStatus, AccountView, ErrorCode, FolderCount, FolderInfo, FolderPreviews, Problem } from '../lib/protocol';
import { HostError, toProblem } from './errors';
import { openImapSession } from './imap/connect';
import { changeSeen, type SeenChange } from './imap/flags';
import { listFolders } from './imap/folder-list';
import { pollFolderStatus } from './imap/folder-status';
import type { FolderStatus } from './imap/status';
import { subscribeNotify } from './imap/notify';
import { fetchPreviews } from './imap/previews';
import type { SecretStore } from './secrets';
import { FolderTracker } from './watch/folder-tracker';
import { chooseStrategy, type WatchStrategy } from './watch/strategy';

export interface SessionListener {
  status(account: string, status: AccountStatus): void;
  counts(account: string, folders: FolderCount[], at: string): void;
  previews(account: string, folders: FolderPreviews, at: string): void;
}

export interface SessionTuning {
  /** How often folders without push are polled (default 60 s). */
  pollIntervalMs?: number;
  /** Newest unseen messages kept per folder (default 10). */
  previewsPerFolder?: number;
}

/** Failures that retrying cannot fix: the user has to act (and hammering could lock the account). */
const NEEDS_USER: ReadonlySet<ErrorCode> = new Set(['AUTH_FAILED', 'SECRET_MISSING', 'TLS_UNTRUSTED', 'TLS_PIN_MISMATCH', 'STARTTLS_UNAVAILABLE', 'KEYCHAIN_UNAVAILABLE']);

/** Pushed updates in a burst (a message arriving sends EXISTS and FETCH) become one piece of work. */
const COALESCE_MS = 20;

export class AccountSession {
  private readonly stopper = new AbortController();
  private client: ImapFlow | undefined;
  private strategy: WatchStrategy | undefined;
  private current: AccountStatus = { state: 'connecting', at: new Date().toISOString() };
  private tracker: FolderTracker;
  private countsAt: string | undefined;
  private readonly previews = new Map<string, FolderPreviews>();
  private readonly stalePreviews = new Set<string>();
  private readonly staleStatus = new Set<string>();
  private workTimer: NodeJS.Timeout | undefined;
  /** Multi-command sequences (fetch previews then restore IDLE, store flags) must not interleave. */
  private exclusive: Promise<unknown> = Promise.resolve();
  private wakeRetry: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly account: AccountSettings,
    private readonly secrets: SecretStore,
    private readonly listener: SessionListener,
    private readonly tuning: SessionTuning = {},
  ) {
    this.tracker = new FolderTracker(account.folders);
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
    clearTimeout(this.workTimer);
    this.wakeRetry?.();
    this.client?.close();
    await this.running;
  }

  view(): AccountView {
    return {
      ...this.account,
      status: this.current,
      counts: this.tracker.counts(),
      ...(this.countsAt ? { countsAt: this.countsAt } : {}),
      previews: [...this.previews.values()],
    };
  }

  /** Re-count everything now; after a failure that needed the user, try connecting again. */
  refresh(): void {
    if (this.client?.usable) {
      for (const folder of this.account.folders) this.staleStatus.add(folder);
      this.scheduleWork(0);
    } else this.wakeRetry?.();
  }

  /** After a system sleep the TCP session is likely dead without anyone having noticed: start a fresh one now. */
  reconnect(): void {
    if (this.client) this.client.close();
    else this.wakeRetry?.();
  }

  async setSeen(folder: string, change: SeenChange, uidValidity: string): Promise<void> {
    await this.withClient(async (client) => {
      await changeSeen(client, folder, change, uidValidity);
      await this.restoreWatchState(client);
    });
    // Servers need not tell a client about its own changes: re-count that folder ourselves.
    this.staleStatus.add(folder);
    this.scheduleWork(0);
  }

  async folderList(): Promise<FolderInfo[]> {
    return await this.withClient((client) => listFolders(client));
  }

  private async withClient<T>(action: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = this.client;
    if (!client?.usable) {
      throw new HostError('CONNECT_FAILED', `Account "${this.account.name}" is not connected right now; try again when it is back online.`);
    }
    return await this.serialized(() => action(client));
  }

  private serialized<T>(action: () => Promise<T>): Promise<T> {
    const result = this.exclusive.then(action, action);
    this.exclusive = result.catch(() => undefined);
    return result;
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    for (let attempt = 0; !signal.aborted; ) {
      this.setStatus('connecting');
      let problem: Problem;
      try {
        await this.connectAndWatch();
        attempt = 0;
        problem = { code: 'CONNECT_FAILED', message: `The connection to ${this.account.host} was closed; reconnecting.` };
      } catch (error) {
        problem = toProblem(error);
        if (!(error instanceof HostError)) process.stderr.write(`mailbadge: ${this.account.name}: ${String(error)}\n`);
      } finally {
        this.client?.close();
        this.client = undefined;
        this.strategy = undefined;
      }
      if (signal.aborted) break;
      if (NEEDS_USER.has(problem.code)) {
        this.setStatus('error', problem);
        await this.waitForRetry(); // until refresh() or stop()
      } else {
        this.setStatus('offline', problem);
        await this.waitForRetry(backoffDelay(attempt++));
      }
    }
  }

  private async connectAndWatch(): Promise<void> {
    const password = await this.secrets.get(this.account.name);
    if (password === undefined) {
      throw new HostError('SECRET_MISSING', `No password is stored for account "${this.account.name}". Set it again in the options.`);
    }
    const client = await openImapSession(this.account, password, {
      // IDLE is restarted well before the 29 minutes after which servers may drop it (RFC 2177).
      maxIdleTime: 25 * 60_000,
      // Enter IDLE right after each command: until then a new message would go unnoticed.
      autoIdleDelay: COALESCE_MS,
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    if (this.stopper.signal.aborted) return;
    const strategy = chooseStrategy(client.capabilities, this.account.folders);
    this.strategy = strategy;

    this.setStatus('ok');
    if (strategy.kind === 'idle') {
      // Listen before the first count: mail arriving after it is then reported by IDLE, never lost in between.
      for (const event of ['exists', 'expunge', 'flags'] as const) {
        client.on(event, () => {
          this.staleStatus.add(strategy.idleFolder);
          this.scheduleWork(COALESCE_MS);
        });
      }
      await this.serialized(() => this.restoreWatchState(client));
    }
    await this.serialized(() => this.pollAll(client));
    let stopWatching: () => Promise<void> = async () => undefined;
    if (strategy.kind === 'notify') {
      // NOTIFY SET STATUS reports every folder again, covering what changed since the count above.
      const subscription = await this.serialized(() =>
        subscribeNotify(client, [...this.account.folders], (status) => this.onPushedStatus(status)),
      );
      stopWatching = () => subscription.stop();
    }
    const polled = strategy.kind === 'notify' ? [] : strategy.polled;
    const poll = setInterval(() => {
      for (const folder of polled) this.staleStatus.add(folder);
      this.scheduleWork(0);
    }, this.tuning.pollIntervalMs ?? 60_000);
    try {
      await closed;
    } finally {
      clearInterval(poll);
      clearTimeout(this.workTimer);
      this.workTimer = undefined;
      await stopWatching().catch(() => undefined);
    }
  }

  /** Initial and periodic counts: every watched folder in one round trip where the server allows. */
  private async pollAll(client: ImapFlow, folders: readonly string[] = this.account.folders): Promise<void> {
    const { statuses, missing } = await pollFolderStatus(client, folders, this.strategy?.poll ?? 'status');
    let changed = false;
    for (const status of statuses) changed = this.applyStatus(status) || changed;
    for (const path of missing) {
      changed = this.tracker.markMissing(path, { code: 'FOLDER_NOT_FOUND', message: `Folder "${path}" does not exist on the server. Pick the folders again in the options.` }) || changed;
    }
    if (changed) this.emitCounts();
    await this.refreshStalePreviews(client);
  }

  private onPushedStatus(status: FolderStatus): void {
    if (this.applyStatus(status)) this.emitCounts();
    // A push may carry only some items (UNSEEN may be missing after a flag change): ask for the full status.
    if (status.unseen === undefined || status.messages === undefined) this.staleStatus.add(status.folder);
    this.scheduleWork(COALESCE_MS);
  }

  /** Returns whether the counts changed; remembers folders whose previews must be refetched. */
  private applyStatus(status: FolderStatus): boolean {
    const change = this.tracker.apply(status);
    if (change.rebuilt) this.previews.delete(status.folder);
    if (change.previewsStale) this.stalePreviews.add(status.folder);
    return change.countsChanged;
  }

  private emitCounts(): void {
    this.countsAt = new Date().toISOString();
    this.listener.counts(this.account.name, this.tracker.counts(), this.countsAt);
  }

  private scheduleWork(delayMs: number): void {
    if (this.workTimer) return;
    this.workTimer = setTimeout(() => {
      this.workTimer = undefined;
      const client = this.client;
      if (!client?.usable) return;
      this.serialized(async () => {
        const folders = [...this.staleStatus];
        this.staleStatus.clear();
        if (folders.length) await this.pollAll(client, folders);
        else await this.refreshStalePreviews(client);
      }).catch((error: unknown) => {
        if (this.stopper.signal.aborted) return;
        // A failed command usually means the connection broke; closing it lets run() reconnect.
        const detail = error instanceof HostError ? error.code : String(error);
        process.stderr.write(`mailbadge: ${this.account.name}: update failed (${detail}); reconnecting\n`);
        client.close();
      });
    }, delayMs);
  }

  private async refreshStalePreviews(client: ImapFlow): Promise<void> {
    if (this.stalePreviews.size === 0) return;
    const folders = [...this.stalePreviews];
    this.stalePreviews.clear();
    for (const folder of folders) {
      if (this.tracker.unseen(folder) === 0) {
        // Nothing unseen: no need to open the folder to learn that the list is empty.
        const uidValidity = this.tracker.uidValidity(folder);
        if (uidValidity) this.publishPreviews({ folder, uidValidity, previews: [] });
        continue;
      }
      this.publishPreviews(await fetchPreviews(client, folder, { limit: this.tuning.previewsPerFolder ?? 10 }));
    }
    await this.restoreWatchState(client);
  }

  private publishPreviews(folderPreviews: FolderPreviews): void {
    const before = this.previews.get(folderPreviews.folder);
    if (before && JSON.stringify(before) === JSON.stringify(folderPreviews)) return;
    this.previews.set(folderPreviews.folder, folderPreviews);
    this.listener.previews(this.account.name, folderPreviews, new Date().toISOString());
  }

  /** After looking inside a folder: IDLE needs its folder selected again; NOTIFY wants none selected. */
  private async restoreWatchState(client: ImapFlow): Promise<void> {
    const strategy = this.strategy;
    if (strategy?.kind === 'idle') {
      if (client.mailbox && client.mailbox.path === strategy.idleFolder && client.mailbox.readOnly) return;
      const mailbox = await client.mailboxOpen(strategy.idleFolder, { readOnly: true });
      // While another folder was open, IDLE heard nothing of this one: a fresh selection raises no EXISTS,
      // so compare what the server has now with what we last counted.
      if (this.tracker.differs(strategy.idleFolder, mailbox.exists, mailbox.uidNext)) {
        this.staleStatus.add(strategy.idleFolder);
        this.scheduleWork(0);
      }
    } else if (client.mailbox) {
      await client.mailboxClose();
    }
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
