// Remembers each watched folder's last known status and decides what changed: counts to send, previews to refetch.
import type { FolderCount, Problem } from '../../lib/protocol';
import { statusFault, type FolderStatus } from '../imap/status';

interface Tracked {
  messages: number;
  unseen: number;
  uidNext?: number;
  uidValidity?: string;
  known: boolean;
  problem?: Problem;
}

export interface StatusChange {
  /** unseen or total differ from what was last reported */
  countsChanged: boolean;
  /** new mail, mail read or removed, or the folder was rebuilt: the newest-unseen list may differ */
  previewsStale: boolean;
  /** UIDVALIDITY changed: every cached UID of this folder is void */
  rebuilt: boolean;
}

const NO_CHANGE: StatusChange = { countsChanged: false, previewsStale: false, rebuilt: false };

export class FolderTracker {
  private readonly folders = new Map<string, Tracked>();

  constructor(readonly paths: readonly string[]) {
    for (const path of paths) this.folders.set(path, { messages: 0, unseen: 0, known: false });
  }

  /** Applies a (possibly partial) status; statuses of folders we do not watch are ignored, one with a value outside IMAP's range marks the folder broken. */
  apply(status: FolderStatus): StatusChange {
    const before = this.folders.get(status.folder);
    if (!before) return NO_CHANGE;
    const fault = statusFault(status);
    if (fault) {
      const message = `The server reported ${fault} for folder "${status.folder}"; its counts are not shown until it sends valid ones.`;
      return { ...NO_CHANGE, countsChanged: this.markMissing(status.folder, { code: 'SERVER_INVALID_REPLY', message }) };
    }
    const after: Tracked = {
      messages: status.messages ?? before.messages,
      unseen: status.unseen ?? before.unseen,
      known: true,
      ...(status.uidNext !== undefined || before.uidNext !== undefined ? { uidNext: status.uidNext ?? before.uidNext } : {}),
      ...(status.uidValidity !== undefined || before.uidValidity !== undefined ? { uidValidity: status.uidValidity ?? before.uidValidity } : {}),
    };
    this.folders.set(status.folder, after);
    const rebuilt = before.known && after.uidValidity !== before.uidValidity;
    const countsChanged = !before.known || before.problem !== undefined || after.messages !== before.messages || after.unseen !== before.unseen;
    const previewsStale = rebuilt || !before.known || after.unseen !== before.unseen || after.uidNext !== before.uidNext || after.messages !== before.messages;
    return { countsChanged, previewsStale, rebuilt };
  }

  /** Shows the folder as broken (counts 0) with this problem; true when that is news. */
  markMissing(path: string, problem: Problem): boolean {
    const before = this.folders.get(path);
    if (!before || before.problem?.code === problem.code) return false;
    this.folders.set(path, { messages: 0, unseen: 0, known: true, problem });
    return true;
  }

  /** Whether a folder's message count or next UID differs from what was last counted (never counted: false, a count is coming). */
  differs(path: string, messages: number, uidNext: number | undefined): boolean {
    const folder = this.folders.get(path);
    if (!folder?.known) return false;
    return folder.messages !== messages || (uidNext !== undefined && folder.uidNext !== uidNext);
  }

  uidValidity(path: string): string | undefined {
    return this.folders.get(path)?.uidValidity;
  }

  unseen(path: string): number {
    return this.folders.get(path)?.unseen ?? 0;
  }

  /** Counts in watch order, for every folder heard of so far. */
  counts(): FolderCount[] {
    return this.paths.flatMap((path) => {
      const folder = this.folders.get(path)!;
      if (!folder.known) return [];
      return [{
        folder: path,
        unseen: folder.unseen,
        total: folder.messages,
        ...(folder.uidValidity ? { uidValidity: folder.uidValidity } : {}),
        ...(folder.problem ? { problem: folder.problem } : {}),
      }];
    });
  }
}
