import { describe, expect, it } from 'vitest';
import { emailDomain, guessServer } from '../../lib/providers';

describe('guessServer', () => {
  it('knows Gmail and Googlemail: imap.gmail.com, TLS on 993, with its webmail', () => {
    for (const email of ['someone@gmail.com', 'someone@googlemail.com']) {
      expect(guessServer(email)).toEqual({ host: 'imap.gmail.com', port: 993, security: 'tls', webmailUrl: 'https://mail.google.com/mail/u/0/#search/{query}', known: true });
    }
  });

  it('sends every Microsoft consumer domain to outlook.office365.com', () => {
    for (const domain of ['outlook.com', 'hotmail.com', 'live.com', 'msn.com']) {
      expect(guessServer(`a@${domain}`)).toMatchObject({ host: 'outlook.office365.com', port: 993, security: 'tls', known: true });
    }
  });

  it.each([
    ['x@yahoo.com', 'imap.mail.yahoo.com'],
    ['x@icloud.com', 'imap.mail.me.com'],
    ['x@me.com', 'imap.mail.me.com'],
    ['x@mac.com', 'imap.mail.me.com'],
    ['x@aol.com', 'imap.aol.com'],
    ['x@gmx.de', 'imap.gmx.net'],
    ['x@gmx.net', 'imap.gmx.net'],
    ['x@web.de', 'imap.web.de'],
    ['x@posteo.de', 'posteo.de'],
    ['x@mailbox.org', 'imap.mailbox.org'],
    ['x@fastmail.com', 'imap.fastmail.com'],
  ])('%s → %s with TLS on 993', (email, host) => {
    expect(guessServer(email)).toMatchObject({ host, port: 993, security: 'tls', known: true });
  });

  it('points Proton addresses at the local Bridge with STARTTLS on 1143 and explains why', () => {
    expect(guessServer('me@protonmail.com')).toMatchObject({ host: '127.0.0.1', port: 1143, security: 'starttls', noteKey: 'optionsProviderProtonNote' });
    expect(guessServer('me@proton.me')).toMatchObject({ host: '127.0.0.1', port: 1143, security: 'starttls' });
  });

  it('ignores case and surrounding spaces in the address', () => {
    expect(guessServer('  Someone@GMAIL.com ')).toMatchObject({ host: 'imap.gmail.com' });
  });

  it('falls back to imap.<domain> with TLS on 993 for unknown domains, marked as a guess without webmail', () => {
    expect(guessServer('alice@example.test')).toEqual({ host: 'imap.example.test', port: 993, security: 'tls', known: false });
    expect(guessServer('bob@mail.company.co.uk')).toEqual({ host: 'imap.mail.company.co.uk', port: 993, security: 'tls', known: false });
  });

  it.each(['', 'alice', 'alice@', '@example.com', 'alice@localhost', 'a b@example.com', 'alice@exa mple.com', 'alice@@example.com', 'alice@example..com'])(
    'gives no guess for the malformed address %j',
    (email) => {
      expect(guessServer(email)).toBeUndefined();
      expect(emailDomain(email)).toBeUndefined();
    },
  );
});
