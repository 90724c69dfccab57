import { describe, expect, it } from 'vitest';
import { capLength, cleanText, htmlToText } from '../../native-host/imap/preview-text';

describe('HTML to text for snippets', () => {
  it('drops head, style, script, title and comments, keeps the visible words', () => {
    const html = '<html><head><title>T</title><style>p{color:red}</style></head><body><!-- hidden --><script>alert(1)</script><p>Hello</p></body></html>';
    expect(cleanText(htmlToText(html), Infinity)).toBe('Hello');
  });

  it('separates block elements with a space but joins inline ones ("<b>Hel</b>lo" is one word)', () => {
    expect(cleanText(htmlToText('<p>One</p><div>Two<br>Three</div> <b>Hel</b>lo'), Infinity)).toBe('One Two Three Hello');
  });

  it('decodes entities after removing tags, so an escaped tag stays visible text', () => {
    expect(htmlToText('&lt;b&gt; &amp; &euro;5 &#228; &#xE4; &unknown;')).toBe('<b> & €5 ä ä &unknown;');
  });

  it('turns an invalid numeric entity into U+FFFD instead of a lone surrogate', () => {
    expect(htmlToText('&#xD800; &#0;')).toBe('\ufffd \ufffd');
  });

  it('drops a hidden element or tag a window cut before its end', () => {
    expect(htmlToText('Text <style>body { color')).toBe('Text  ');
    expect(htmlToText('Text <a href="x')).toBe('Text ');
    expect(htmlToText('a < b')).toBe('a < b');
  });
});

describe('text hygiene', () => {
  it('reads C1 bytes as windows-1252 (as browsers do), turns other controls into spaces and collapses whitespace', () => {
    expect(cleanText('\u0093quoted\u0094\tand\r\n\u0080 5', Infinity)).toBe('“quoted” and € 5');
  });

  it('removes invisible and direction-changing characters (preheader padding, spoofing)', () => {
    expect(cleanText('pay\u202eaxe.exe\u200b\u00ad\ufeff now', Infinity)).toBe('payaxe.exe now');
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(cleanText('a\ud800b 😀', Infinity)).toBe('a\ufffdb 😀');
  });

  it('caps the length without splitting a surrogate pair', () => {
    expect(cleanText('x'.repeat(10), 4)).toBe('xxxx');
    expect(capLength('ab😀', 3)).toBe('ab');
    expect(capLength('ab😀', 4)).toBe('ab😀');
  });
});
