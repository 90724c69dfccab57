// A link into the options page that opens one account's form, so "Password rejected — update it" lands on that account.

const PREFIX = '#edit=';

export function editAccountHash(name: string): string {
  return PREFIX + encodeURIComponent(name);
}

/** The account named in the options page's address, if any. */
export function accountToEdit(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    return decodeURIComponent(hash.slice(PREFIX.length)) || undefined;
  } catch {
    return undefined;
  }
}
