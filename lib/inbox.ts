// The one rule for recognising INBOX, shared by the host, the worker and the pages (no zod here: the popup imports it).

/** INBOX is case-insensitive (RFC 3501 §5.1); every other folder name is compared exactly. */
export function isInbox(folder: string): boolean {
  return folder.toUpperCase() === 'INBOX';
}
