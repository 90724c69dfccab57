import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { NotifyFolderNames } from '../../native-host/imap/notify-names';

// Name coding needs only the connection's settings (UTF8=ACCEPT off, no namespace yet), not a server.
const offline = (): ImapFlow => new ImapFlow({ host: 'nowhere.invalid', port: 993, auth: { user: 'u', pass: 'p' }, logger: false });

describe('folder names for NOTIFY', () => {
  it('sends the RFC form of every name, plus the raw UTF-8 form Dovecot wants where they differ', () => {
    const names = new NotifyFolderNames(offline(), ['INBOX', 'Zürich', 'R&D', 'Work']);
    expect(names.hasRawForms).toBe(true);
    expect(names.wireForms(true)).toEqual(['INBOX', 'Z&APw-rich', 'Zürich', 'R&-D', 'R&D', 'Work']);
    expect(names.wireForms(false)).toEqual(['INBOX', 'Z&APw-rich', 'R&-D', 'Work']);
    expect(new NotifyFolderNames(offline(), ['INBOX', 'Work']).hasRawForms).toBe(false);
  });

  it('resolves a name from the wire in either form to the folder as watched, INBOX in any case', () => {
    const names = new NotifyFolderNames(offline(), ['Inbox', 'Zürich', 'R&D']);
    expect(names.resolve('inbox')).toBe('Inbox');
    expect(names.resolve('INBOX')).toBe('Inbox');
    expect(names.resolve('Z&APw-rich')).toBe('Zürich');
    expect(names.resolve('Zürich')).toBe('Zürich');
    expect(names.resolve('R&-D')).toBe('R&D');
    expect(names.resolve('R&D')).toBe('R&D');
  });

  it('ignores folders it does not watch, and never decodes an 8-bit name as UTF-7', () => {
    const names = new NotifyFolderNames(offline(), ['Zürich']);
    expect(names.resolve('Other')).toBeUndefined();
    expect(names.resolve(undefined)).toBeUndefined();
    expect(names.resolve('Zürich&')).toBeUndefined();
  });

  it('maps the name imapflow uses in its events back to the watched folder', () => {
    const names = new NotifyFolderNames(offline(), ['inbox', 'Zürich']);
    expect(names.fromImapflowName('INBOX')).toBe('inbox');
    expect(names.fromImapflowName('Zürich')).toBe('Zürich');
    expect(names.fromImapflowName('Z&APw-rich')).toBeUndefined();
  });
});
