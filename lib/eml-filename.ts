// A file name for a saved message, from its subject: what any OS accepts and nothing that could steer where it goes.

const MAX_STEM = 100;
/** Names Windows reserves whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * "Re: Q3 report / draft?" → "Re_ Q3 report _ draft_.eml". Path separators, characters Windows forbids, control and
 * bidi-control characters (which could make "gpj.eml" read as "lme.jpg") become "_"; leading dots and trailing dots
 * and spaces go; long subjects are cut at a character boundary; an empty result is "message".
 */
export function emlFilename(subject: string): string {
  const cleaned = subject
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069<>:"/\\|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  let stem = [...cleaned].slice(0, MAX_STEM).join('').replace(/[.\s]+$/, '');
  if (!stem || /^_+$/.test(stem)) stem = 'message';
  if (RESERVED.test(stem)) stem = `${stem}_`;
  return `${stem}.eml`;
}
