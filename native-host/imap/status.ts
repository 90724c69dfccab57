// What the server says of one folder, and the one place such a status is built from STATUS items.
import { IMAP_NUMBER_MAX } from '../../lib/protocol';
import type { StatusItems } from './imapflow';

/** What the server says of one folder; any item may be missing from a pushed update. */
export interface FolderStatus {
  folder: string;
  messages?: number;
  unseen?: number;
  uidNext?: number;
  uidValidity?: string;
  /** Decimal; only NOTIFY pushes carry it. */
  highestModseq?: string;
}

/**
 * A folder's status from its STATUS items, whether they came from a STATUS or LIST-STATUS reply, a NOTIFY push
 * (imapflow's parser, see readStatusLine) or imapflow's status(): counts become numbers, the 64-bit values
 * (UIDVALIDITY, HIGHESTMODSEQ) decimal strings so they survive JSON. Items not sent stay absent.
 */
export function folderStatus(folder: string, items: StatusItems): FolderStatus {
  const status: FolderStatus = { folder };
  if (items.messages !== undefined) status.messages = Number(items.messages);
  if (items.unseen !== undefined) status.unseen = Number(items.unseen);
  if (items.uidNext !== undefined) status.uidNext = Number(items.uidNext);
  if (items.uidValidity !== undefined) status.uidValidity = items.uidValidity.toString();
  if (items.highestModseq !== undefined) status.highestModseq = items.highestModseq.toString();
  return status;
}

/**
 * What is wrong with a status the server sent, in words, or undefined when every item is a number IMAP allows
 * (32-bit unsigned; HIGHESTMODSEQ is 63-bit and only compared). The protocol's schema holds the same limits, so a
 * folder whose status fails here is shown as broken instead of producing frames the extension would reject.
 */
export function statusFault(status: FolderStatus): string | undefined {
  const items: [string, number | string | undefined][] = [
    ['MESSAGES', status.messages],
    ['UNSEEN', status.unseen],
    ['UIDNEXT', status.uidNext],
    ['UIDVALIDITY', status.uidValidity],
  ];
  for (const [name, value] of items) {
    if (value === undefined) continue;
    const number = typeof value === 'number' ? value : /^\d{1,20}$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < 0 || number > IMAP_NUMBER_MAX) {
      return `${name} ${String(value).slice(0, 24)}, outside IMAP's range (0 to ${IMAP_NUMBER_MAX})`;
    }
  }
  return undefined;
}
