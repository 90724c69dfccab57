// Turns one fetched message (envelope, flags, dates) and its snippet into the protocol's Preview, every field cleaned and capped.
import type { FetchMessageObject, MessageEnvelopeObject } from 'imapflow';
import type { Preview as MessagePreview } from '../../lib/protocol';
import { cleanText } from './preview-text';

const SUBJECT_MAX = 300;
const NAME_MAX = 300;

export function toPreview(folder: string, message: FetchMessageObject, snippet: string): MessagePreview {
  const flags = message.flags ?? new Set<string>();
  const base = { folder, uid: message.uid, snippet, seen: flags.has('\\Seen'), flagged: flags.has('\\Flagged') };
  try {
    return { ...base, ...senderOf(message.envelope), subject: cleanText(message.envelope?.subject ?? '', SUBJECT_MAX), date: dateOf(message) };
  } catch {
    // One malformed envelope must not cost the folder its other previews.
    return { ...base, from: '', fromAddress: '', subject: '', date: '' };
  }
}

function senderOf(envelope: MessageEnvelopeObject | undefined): { from: string; fromAddress: string } {
  const first = envelope?.from?.[0];
  const fromAddress = cleanText(first?.address ?? '', NAME_MAX);
  const name = cleanText(first?.name ?? '', NAME_MAX);
  return { from: name || fromAddress, fromAddress };
}

function dateOf(message: FetchMessageObject): string {
  return isoDate(message.envelope?.date) || isoDate(message.internalDate);
}

function isoDate(value: Date | string | undefined): string {
  if (value === undefined || value === '') return '';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
