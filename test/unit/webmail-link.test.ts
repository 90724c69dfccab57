import { describe, expect, it } from 'vitest';
import { webmailLink } from '../../lib/webmail-link';

const message = { subject: 'Lunch "Friday" & more', fromAddress: 'ada@example.test' };

describe('webmail link', () => {
  it('opens a plain webmail URL as it is', () => {
    expect(webmailLink('https://mail.example.test/', message)).toBe('https://mail.example.test/');
  });

  it('fills a search pattern with the message, encoded', () => {
    expect(webmailLink('https://mail.google.com/mail/u/0/#search/{query}', message)).toBe(
      `https://mail.google.com/mail/u/0/#search/${encodeURIComponent('from:ada@example.test subject:"Lunch Friday & more"')}`,
    );
    expect(webmailLink('https://webmail.test/?q={subject}&f={from}', message)).toBe(
      'https://webmail.test/?q=Lunch%20%22Friday%22%20%26%20more&f=ada%40example.test',
    );
  });

  it('refuses anything that is not http or https', () => {
    expect(webmailLink('javascript:alert(1)', message)).toBeUndefined();
    expect(webmailLink('file:///etc/passwd', message)).toBeUndefined();
    expect(webmailLink('not a url', message)).toBeUndefined();
  });
});
