import { describe, expect, it } from 'vitest';
import { chooseStrategy, selectedFolder } from '../../native-host/watch/strategy';

const caps = (...names: string[]) => new Set(names);

describe('watch strategy', () => {
  it('uses NOTIFY when the server offers it, whatever else it has', () => {
    expect(chooseStrategy(caps('IDLE', 'NOTIFY', 'LIST-STATUS', 'LIST-EXTENDED'), ['INBOX', 'A'])).toEqual({ kind: 'notify', poll: 'list-status' });
  });

  it('falls back to IDLE on INBOX and polls the other folders', () => {
    expect(chooseStrategy(caps('IDLE'), ['Lists', 'INBOX', 'Work'])).toEqual({ kind: 'idle', idleFolder: 'INBOX', polled: ['Lists', 'Work'], poll: 'status' });
  });

  it('IDLEs on the first watched folder when INBOX is not watched', () => {
    expect(chooseStrategy(caps('IDLE', 'LIST-STATUS', 'LIST-EXTENDED'), ['Work', 'Lists'])).toMatchObject({ kind: 'idle', idleFolder: 'Work', polled: ['Lists'] });
  });

  it('keeps INBOX selected for NOOP and polls the others when the server has neither NOTIFY nor IDLE', () => {
    expect(chooseStrategy(caps(), ['Work', 'INBOX'])).toEqual({ kind: 'poll', noopFolder: 'INBOX', polled: ['Work'], poll: 'status' });
    expect(chooseStrategy(caps(), [])).toEqual({ kind: 'poll', polled: [], poll: 'status' });
  });

  it('names the folder each strategy keeps selected: none with NOTIFY', () => {
    expect(selectedFolder(chooseStrategy(caps('NOTIFY', 'IDLE'), ['INBOX']))).toBeUndefined();
    expect(selectedFolder(chooseStrategy(caps('IDLE'), ['Work', 'INBOX']))).toBe('INBOX');
    expect(selectedFolder(chooseStrategy(caps(), ['Work']))).toBe('Work');
    expect(selectedFolder(chooseStrategy(caps(), []))).toBeUndefined();
  });

  it('polls with one LIST-STATUS only when extended LIST can name several folders', () => {
    expect(chooseStrategy(caps('LIST-STATUS'), ['INBOX'])).toMatchObject({ poll: 'status' });
    expect(chooseStrategy(caps('LIST-STATUS', 'LIST-EXTENDED'), ['INBOX'])).toMatchObject({ poll: 'list-status' });
  });
});
