// What one site's watched mailbox holds, as the benchmark's own clients changed it: per folder the messages and
// their \Seen flag, and a timeline of (unseen, total) per folder — the truth every contender is measured against.
import type { ImapFlow } from 'imapflow';

export interface FolderState {
  unseen: number;
  total: number;
}

/** A folder reached `state` at `at` (wall-clock ms when the server confirmed the change). */
export interface Change {
  folder: string;
  at: number;
  state: FolderState;
}

interface Message {
  uid: number;
  seen: boolean;
}

export class MailboxModel {
  readonly changes: Change[] = [];
  private readonly folders = new Map<string, Message[]>();

  /** Reads the folders' messages and flags from the server (once, before anything is measured). */
  static async read(client: ImapFlow, folders: readonly string[], at: number): Promise<MailboxModel> {
    const model = new MailboxModel();
    for (const folder of folders) {
      const messages: Message[] = [];
      const lock = await client.getMailboxLock(folder, { readOnly: true });
      try {
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const message of client.fetch('1:*', { uid: true, flags: true })) messages.push({ uid: message.uid, seen: message.flags?.has('\\Seen') ?? false });
        }
      } finally {
        lock.release();
      }
      model.folders.set(folder, messages);
      model.changes.push({ folder, at, state: model.state(folder) });
    }
    return model;
  }

  get folderNames(): string[] {
    return [...this.folders.keys()];
  }

  state(folder: string): FolderState {
    const messages = this.folders.get(folder) ?? [];
    return { unseen: messages.filter((m) => !m.seen).length, total: messages.length };
  }

  /** The UID at position `pick` (0 ≤ pick < 1) among the folder's messages that match, or undefined if none do. */
  pickUid(folder: string, pick: number, which: 'any' | 'seen' | 'unseen'): number | undefined {
    const candidates = (this.folders.get(folder) ?? []).filter((m) => which === 'any' || m.seen === (which === 'seen'));
    return candidates[Math.floor(pick * candidates.length)]?.uid;
  }

  appended(folder: string, uid: number, seen: boolean, at: number): void {
    this.messages(folder).push({ uid, seen });
    this.record(folder, at);
  }

  seenChanged(folder: string, uid: number, seen: boolean, at: number): void {
    const message = this.messages(folder).find((m) => m.uid === uid);
    if (!message) throw new Error(`model: no UID ${uid} in ${folder}`);
    message.seen = seen;
    this.record(folder, at);
  }

  expunged(folder: string, uid: number, at: number): void {
    const messages = this.messages(folder);
    const index = messages.findIndex((m) => m.uid === uid);
    if (index < 0) throw new Error(`model: no UID ${uid} in ${folder}`);
    messages.splice(index, 1);
    this.record(folder, at);
  }

  private messages(folder: string): Message[] {
    const messages = this.folders.get(folder);
    if (!messages) throw new Error(`model: folder ${folder} is not modelled`);
    return messages;
  }

  private record(folder: string, at: number): void {
    this.changes.push({ folder, at, state: this.state(folder) });
  }
}
