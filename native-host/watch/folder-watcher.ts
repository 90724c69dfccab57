// Watches one account's folders on its live connection: counts from the tracker, previews of what changed, the strategy's listeners and timers.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../../lib/account';
import type { FolderCount, FolderPreviews } from '../../lib/protocol';
import type { CommandQueue } from '../command-queue';
import { HostError } from '../errors';
import { pollFolderStatus } from '../imap/folder-status';
import { startNoopCadence } from '../imap/noop-cadence';
import { subscribeNotify } from '../imap/notify';
import { updatePreviews } from '../imap/preview-update';
import { fetchPreviews } from '../imap/previews';
import type { FolderStatus } from '../imap/status';
import { FolderTracker } from './folder-tracker';
import { noopEveryMs, pollEveryMs } from './cadence';
import { selectedFolder, type WatchStrategy } from './strategy';

export interface WatchListener {
  counts(folders: FolderCount[], at: string): void;
  previews(folders: FolderPreviews, at: string): void;
}

export interface WatchTuning {
  /** How often folders without push are polled (default: as often as the idle-traffic budget allows, see cadence.ts). */
  pollIntervalMs?: number;
  /** Newest unseen messages kept per folder (default 10). */
  previewsPerFolder?: number;
}

/** What the watcher knows of the account's folders, for the host's state reply. */
export interface WatchedState {
  counts: FolderCount[];
  countsAt?: string;
  previews: FolderPreviews[];
}

/** Pushed updates in a burst (a message arriving sends EXISTS and FETCH) become one piece of work. */
export const COALESCE_MS = 20;

/**
 * Lives as long as the account's session: counts and previews survive reconnects (the popup keeps showing them),
 * while watch() runs once per connection. Every command goes through the session's CommandQueue.
 */
export class FolderWatcher {
  private readonly tracker: FolderTracker;
  private countsAt: string | undefined;
  private readonly previews = new Map<string, FolderPreviews>();
  private readonly stalePreviews = new Set<string>();
  private readonly staleStatus = new Set<string>();
  private workTimer: NodeJS.Timeout | undefined;
  private client: ImapFlow | undefined;
  private strategy: WatchStrategy | undefined;

  constructor(
    private readonly account: Pick<AccountSettings, 'name' | 'folders'>,
    private readonly commands: CommandQueue,
    private readonly listener: WatchListener,
    private readonly tuning: WatchTuning,
    /** Aborted when the session stops: failures after that are expected, not worth a log line. */
    private readonly stopped: AbortSignal,
  ) {
    this.tracker = new FolderTracker(account.folders);
    stopped.addEventListener('abort', () => clearTimeout(this.workTimer), { once: true });
  }

  state(): WatchedState {
    return { counts: this.tracker.counts(), ...(this.countsAt ? { countsAt: this.countsAt } : {}), previews: [...this.previews.values()] };
  }

  /** Watches on this connection the way `strategy` says, until the connection closes; throws if the first count fails. */
  async watch(client: ImapFlow, strategy: WatchStrategy): Promise<void> {
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    this.client = client;
    this.strategy = strategy;
    let poll: NodeJS.Timeout | undefined;
    let stopWatching: () => Promise<void> = async () => undefined;
    const selected = selectedFolder(strategy);
    const noopMs = noopEveryMs(strategy);
    try {
      if (selected !== undefined) {
        // Listen before the first count: mail arriving after it is then reported (by IDLE, or in reply to a NOOP), never lost in between.
        for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, () => this.recount([selected], COALESCE_MS));
        await this.commands.run(() => this.restoreWatchState(client));
      }
      await this.commands.run(() => this.pollAll(client));
      if (strategy.kind === 'notify') {
        // NOTIFY SET STATUS reports every folder again, covering what changed since the count above.
        const subscription = await this.commands.run(() => subscribeNotify(client, [...this.account.folders], (status) => this.onPushedStatus(status), { noopEveryMs: noopMs }));
        stopWatching = () => subscription.stop();
      } else if (noopMs !== undefined) {
        const stopNoops = startNoopCadence(client, noopMs);
        stopWatching = async () => stopNoops();
      }
      const pollMs = this.tuning.pollIntervalMs ?? pollEveryMs(strategy);
      if (strategy.kind !== 'notify' && strategy.polled.length > 0 && pollMs !== undefined) {
        const polled = strategy.polled;
        poll = setInterval(() => this.recount(polled), pollMs);
      }
      await closed;
    } finally {
      clearInterval(poll);
      clearTimeout(this.workTimer);
      this.workTimer = undefined;
      await stopWatching().catch(() => undefined);
      this.client = undefined;
      this.strategy = undefined;
    }
  }

  /** Counts these folders again soon (and fetches their previews if they changed). */
  recount(folders: readonly string[], delayMs = 0): void {
    for (const folder of folders) this.staleStatus.add(folder);
    this.scheduleWork(delayMs);
  }

  /** After looking inside a folder: IDLE (or NOOP without IDLE) needs its folder selected again; NOTIFY wants none selected. */
  async restoreWatchState(client: ImapFlow): Promise<void> {
    const selected = this.strategy && selectedFolder(this.strategy);
    if (selected !== undefined) {
      if (client.mailbox && client.mailbox.path === selected && client.mailbox.readOnly) return;
      const mailbox = await client.mailboxOpen(selected, { readOnly: true });
      // While another folder was open, IDLE heard nothing of this one: a fresh selection raises no EXISTS,
      // so compare what the server has now with what we last counted.
      if (this.tracker.differs(selected, mailbox.exists, mailbox.uidNext)) this.recount([selected]);
    } else if (client.mailbox) {
      // CLOSE on a folder selected read-write expunges every message flagged \Deleted, anyone's: select it read-only
      // first (which leaves it without expunging), so CLOSE only deselects.
      if (!client.mailbox.readOnly) await client.mailboxOpen(client.mailbox.path, { readOnly: true });
      await client.mailboxClose();
    }
  }

  /** Initial and periodic counts: every watched folder in one round trip where the server allows. */
  private async pollAll(client: ImapFlow, folders: readonly string[] = this.account.folders): Promise<void> {
    const { statuses, missing } = await pollFolderStatus(client, folders, this.strategy?.poll ?? 'status');
    let changed = false;
    for (const status of statuses) changed = this.applyStatus(status) || changed;
    for (const folder of missing) {
      changed = this.tracker.markMissing(folder, { code: 'FOLDER_NOT_FOUND', message: `Folder "${folder}" does not exist on the server. Pick the folders again in the options.` }) || changed;
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
    this.listener.counts(this.tracker.counts(), this.countsAt);
  }

  private scheduleWork(delayMs: number): void {
    if (this.workTimer) return;
    this.workTimer = setTimeout(() => {
      this.workTimer = undefined;
      const client = this.client;
      if (!client?.usable) return;
      this.commands.run(async () => {
        const folders = [...this.staleStatus];
        this.staleStatus.clear();
        if (folders.length) await this.pollAll(client, folders);
        else await this.refreshStalePreviews(client);
      }).catch((error: unknown) => {
        if (this.stopped.aborted) return;
        // A failed command usually means the connection broke; closing it lets the session reconnect.
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
      try {
        // Known previews are brought up to date (only what changed crosses the wire); a folder's first list is fetched whole.
        const known = this.previews.get(folder);
        const limit = this.tuning.previewsPerFolder ?? 10;
        this.publishPreviews(await (known ? updatePreviews(client, known, { limit }) : fetchPreviews(client, folder, { limit })));
      } catch (error) {
        // One folder the server describes with impossible values is shown as broken; the others go on.
        if (!(error instanceof HostError && error.code === 'SERVER_INVALID_REPLY')) throw error;
        this.previews.delete(folder);
        if (this.tracker.markMissing(folder, error.toProblem())) this.emitCounts();
      }
    }
    await this.restoreWatchState(client);
  }

  private publishPreviews(folderPreviews: FolderPreviews): void {
    const before = this.previews.get(folderPreviews.folder);
    if (before && JSON.stringify(before) === JSON.stringify(folderPreviews)) return;
    this.previews.set(folderPreviews.folder, folderPreviews);
    this.listener.previews(folderPreviews, new Date().toISOString());
  }
}
