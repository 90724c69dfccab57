// The file name of a saved message: from the subject, safe on every OS, never steering where the file goes.
import { describe, expect, it } from 'vitest';
import { emlFilename } from '../../lib/eml-filename';

describe('file name for save as .eml', () => {
  it('keeps an ordinary subject, umlauts and all', () => {
    expect(emlFilename('Grüße aus Köln')).toBe('Grüße aus Köln.eml');
  });

  it('replaces path separators and characters Windows forbids', () => {
    expect(emlFilename('Re: a/b\\c <d> "e" | f? g*')).toBe('Re_ a_b_c _d_ _e_ _ f_ g_.eml');
    expect(emlFilename('../../.bashrc')).toBe('_.._.bashrc.eml');
  });

  it('defuses bidi controls that could make the name read backwards, and control characters', () => {
    expect(emlFilename('invoice\u202Egpj.exe')).toBe('invoice_gpj.exe.eml');
    expect(emlFilename('line\r\nbreak\u0000')).toBe('line__break_.eml');
  });

  it('drops leading dots and trailing dots and spaces, and names an empty subject "message"', () => {
    expect(emlFilename('...hidden')).toBe('hidden.eml');
    expect(emlFilename('ends with dots... ')).toBe('ends with dots.eml');
    expect(emlFilename('   ')).toBe('message.eml');
    expect(emlFilename('///')).toBe('message.eml');
  });

  it('avoids names Windows reserves', () => {
    expect(emlFilename('CON')).toBe('CON_.eml');
    expect(emlFilename('lpt1')).toBe('lpt1_.eml');
  });

  it('cuts a 300-character subject to 100 characters without splitting a character', () => {
    expect(emlFilename('x'.repeat(300))).toBe(`${'x'.repeat(100)}.eml`);
    const emoji = '😀'.repeat(150);
    expect(emlFilename(emoji)).toBe(`${'😀'.repeat(100)}.eml`);
  });
});
