// Where "open" goes for a message: the account's webmail URL, or a search for the message when the URL is a pattern.
import type { Preview } from './protocol';

/**
 * `{subject}`, `{from}` (the sender's address) and `{query}` (a Gmail-style `from:… subject:"…"` search) in the
 * account's webmail URL are replaced, URL-encoded, by the message's values; a URL without them opens as it is.
 * Only http(s) URLs are opened: the URL is the user's, but a page must never be tricked into javascript: or file:.
 */
export function webmailLink(pattern: string, message: Pick<Preview, 'subject' | 'fromAddress'>): string | undefined {
  const query = [message.fromAddress && `from:${message.fromAddress}`, message.subject && `subject:"${message.subject.replace(/"/g, '')}"`].filter(Boolean).join(' ');
  const url = pattern
    .replaceAll('{subject}', encodeURIComponent(message.subject))
    .replaceAll('{from}', encodeURIComponent(message.fromAddress))
    .replaceAll('{query}', encodeURIComponent(query));
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}
