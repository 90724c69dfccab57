// Picks how an account is watched from what its server offers: the cheapest way to hear about every folder.
import { isInbox } from '../../lib/inbox';

export type PollMethod = 'list-status' | 'status';

export type WatchStrategy =
  /** One connection hears about every watched folder through NOTIFY (RFC 5465). */
  | { kind: 'notify'; poll: PollMethod }
  /** IDLE on the folder that matters most; the others are polled. */
  | { kind: 'idle'; idleFolder: string; polled: string[]; poll: PollMethod }
  /** No push at all: every folder is polled. */
  | { kind: 'poll'; polled: string[]; poll: PollMethod };

export interface ServerFeatures {
  has(capability: string): boolean;
}

/** Pure: capabilities in, strategy out. INBOX is the IDLE folder when watched, else the first watched folder. */
export function chooseStrategy(capabilities: ServerFeatures, folders: readonly string[]): WatchStrategy {
  // LIST-STATUS (RFC 5819) needs extended LIST (RFC 5258) to name several folders in one command.
  const poll: PollMethod = capabilities.has('LIST-STATUS') && capabilities.has('LIST-EXTENDED') ? 'list-status' : 'status';
  if (capabilities.has('NOTIFY')) return { kind: 'notify', poll };
  if (capabilities.has('IDLE') && folders.length > 0) {
    const idleFolder = folders.find(isInbox) ?? folders[0]!;
    return { kind: 'idle', idleFolder, polled: folders.filter((folder) => folder !== idleFolder), poll };
  }
  return { kind: 'poll', polled: [...folders], poll };
}
