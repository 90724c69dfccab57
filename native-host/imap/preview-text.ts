// Turns untrusted text from a message into something safe and short to show: HTML to text, controls and invisible characters out, length capped.

const BLOCK_TAG = /<\/?(?:p|div|br|hr|tr|td|th|li|ul|ol|table|blockquote|section|article|header|footer|h[1-6])\b[^>]*>/gi;
// Their content is never visible text (mail clients run no scripts, so <noscript> stays); a window may
// cut them before the closing tag.
const HIDDEN_ELEMENT = /<(head|script|style|title|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  shy: '', zwnj: '', zwj: '', lrm: '', rlm: '',
  copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', bull: '•', middot: '·',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', laquo: '«', raquo: '»',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', deg: '°', times: '×', divide: '÷',
  auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö', Uuml: 'Ü', szlig: 'ß',
  eacute: 'é', egrave: 'è', ecirc: 'ê', aacute: 'á', agrave: 'à', acirc: 'â', ccedil: 'ç', oacute: 'ó', iacute: 'í', uacute: 'ú', ntilde: 'ñ',
};

/** The visible text of an HTML body (or a window of one): hidden elements, comments and tags out, entities decoded. */
export function htmlToText(html: string): string {
  const withoutMarkup = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(HIDDEN_ELEMENT, ' ')
    .replace(BLOCK_TAG, ' ')
    // Inline tags vanish without a space ("<b>Hel</b>lo"); a lone "<" followed by a space is text.
    .replace(/<(?=[A-Za-z/!?])[^>]*(?:>|$)/g, '');
  // Entities last, so "&lt;b&gt;" stays visible text instead of becoming a tag.
  return decodeEntities(withoutMarkup);
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (entity, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? entity;
    const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : '\ufffd';
  });
}

// Node >= 20.18.3 / 22.13 decodes windows-1252 (and so iso-8859-1, its WHATWG alias) as Latin-1,
// leaving 0x80-0x9F as C1 controls (nodejs/node#60888); iconv-lite does the same for ISO-8859-1
// encoded-words. No real text means a C1 control there, so they are read as windows-1252, as browsers do.
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
// Controls become spaces; invisible and direction-changing characters (preheader padding, spoofing) go.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u00ad\u034f\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One line of at most `max` characters: C1 bytes read as windows-1252, controls to spaces, invisibles out, whitespace collapsed. */
export function cleanText(text: string, max: number): string {
  const clean = text
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(/[\u0080-\u009f]/g, (c1) => WINDOWS_1252_C1[c1.charCodeAt(0) - 0x80] ?? c1)
    .replace(CONTROL, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return capLength(clean, max);
}

/** At most `max` UTF-16 units, never half of a surrogate pair. */
export function capLength(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}
