// What the server says of one folder, and the one place such a status is built from STATUS items.
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
