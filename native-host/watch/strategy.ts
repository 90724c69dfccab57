// Picks how an account is watched from what its server offers: the cheapest way to hear about every folder.
import { isInbox } from '../../lib/inbox';

export type PollMethod = 'list-status' | 'status';

export type WatchStrategy =
  /** One connection hears about every watched folder through NOTIFY (RFC 5465). */
  | { kind: 'notify'; poll: PollMethod }
  /** IDLE on the folder that matters most; the others are polled. */
  | { kind: 'idle'; idleFolder: string; polled: string[]; poll: PollMethod }
  /** No push at all: the folder that matters most is kept selected and asked with NOOP; the others are polled. */
  | { kind: 'poll'; noopFolder?: string; polled: string[]; poll: PollMethod };

export interface ServerFeatures {
  has(capability: string): boolean;
}

/**
 * Pure: capabilities in, strategy out. The folder that matters most (IDLE's, or the NOOP-checked one without
 * IDLE) is INBOX when watched, else the first watched folder.
 */
export function chooseStrategy(capabilities: ServerFeatures, folders: readonly string[]): WatchStrategy {
  // LIST-STATUS (RFC 5819) needs extended LIST (RFC 5258) to name several folders in one command.
  const poll: PollMethod = capabilities.has('LIST-STATUS') && capabilities.has('LIST-EXTENDED') ? 'list-status' : 'status';
  if (capabilities.has('NOTIFY')) return { kind: 'notify', poll };
  const first = folders.find(isInbox) ?? folders[0];
  const others = folders.filter((folder) => folder !== first);
  if (first === undefined) return { kind: 'poll', polled: [], poll };
  if (capabilities.has('IDLE')) return { kind: 'idle', idleFolder: first, polled: others, poll };
  return { kind: 'poll', noopFolder: first, polled: others, poll };
}

/** The folder a strategy keeps selected (read-only), if any. */
export function selectedFolder(strategy: WatchStrategy): string | undefined {
  if (strategy.kind === 'idle') return strategy.idleFolder;
  if (strategy.kind === 'poll') return strategy.noopFolder;
  return undefined;
}
