// An account's mail actions from the extension (move, undo, star, save) on its live session, including the one thing
// that outlives a request: the permanent part of a delete without Trash, held back until undo can no longer come.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../lib/account';
import type { MovedMessage, MoveAction } from '../lib/protocol-actions';
import { archiveRead, expungeDeleted, moveMessages, saveMessage, setFlagged, undoMoves, type MoveOutcome, type SavedMessage } from './imap/actions';

/** The popup offers undo for 5 s; the expunge waits longer so an undo sent at the last moment still arrives first. */
export const EXPUNGE_DELAY_MS = 10_000;

/** Runs `action` on the session's connection, in its command queue, then re-counts the watched folders. */
export type Act = <T>(action: (client: ImapFlow) => Promise<T>) => Promise<T>;

interface PendingExpunge {
  folder: string;
  uidValidity: string;
  uids: Set<number>;
  timer: NodeJS.Timeout;
}

export class MailActions {
  private readonly pending = new Set<PendingExpunge>();

  constructor(
    private readonly account: Pick<AccountSettings, 'name' | 'archiveFolder'>,
    private readonly act: Act,
    private readonly expungeDelayMs = EXPUNGE_DELAY_MS,
  ) {}

  async move(folder: string, uidValidity: string, uids: readonly number[], action: MoveAction): Promise<MoveOutcome> {
    const outcome = await this.act((client) => moveMessages(client, this.account, folder, uidValidity, uids, action, 'later'));
    if (outcome.expungeLater.length) this.expungeLater(folder, uidValidity, outcome.expungeLater);
    return outcome;
  }

  async archiveRead(folder: string, uidValidity: string): Promise<MoveOutcome> {
    return await this.act((client) => archiveRead(client, this.account, folder, uidValidity));
  }

  async undo(folder: string, uidValidity: string, moved: readonly MovedMessage[]): Promise<MovedMessage[]> {
    // Deleted in place and not yet expunged: the expunge must not happen now.
    this.cancelExpunge(folder, moved.filter((entry) => entry.kept && !entry.to).map((entry) => entry.uid));
    return await this.act((client) => undoMoves(client, folder, uidValidity, moved));
  }

  async setFlagged(folder: string, uidValidity: string, uids: readonly number[], flagged: boolean): Promise<void> {
    await this.act((client) => setFlagged(client, folder, uidValidity, uids, flagged));
  }

  async save(folder: string, uidValidity: string, uid: number, chunk: (index: number, data: Buffer) => void): Promise<SavedMessage> {
    return await this.act((client) => saveMessage(client, folder, uidValidity, uid, chunk));
  }

  /** The session stops: deletes still waiting stay flagged \Deleted on the server (safe, visible to every client). */
  stop(): void {
    for (const entry of this.pending) clearTimeout(entry.timer);
    this.pending.clear();
  }

  private expungeLater(folder: string, uidValidity: string, uids: readonly number[]): void {
    const entry: PendingExpunge = {
      folder,
      uidValidity,
      uids: new Set(uids),
      timer: setTimeout(() => {
        this.pending.delete(entry);
        if (entry.uids.size === 0) return;
        this.act((client) => expungeDeleted(client, folder, uidValidity, [...entry.uids])).catch((error: unknown) => {
          // The messages stay flagged \Deleted: nothing is lost, and the next delete or a mail client's expunge removes them.
          process.stderr.write(`mailbadge: ${this.account.name}: deleting for good in ${folder} failed (${String(error)})\n`);
        });
      }, this.expungeDelayMs),
    };
    entry.timer.unref();
    this.pending.add(entry);
  }

  private cancelExpunge(folder: string, uids: readonly number[]): void {
    for (const entry of this.pending) {
      if (entry.folder !== folder) continue;
      for (const uid of uids) entry.uids.delete(uid);
    }
  }
}
