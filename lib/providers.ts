// Well-known mail providers' IMAP settings, so the options page can prefill the server from an email address.
import type { Security } from './account';

export interface ServerGuess {
  host: string;
  port: number;
  security: Security;
  /** The provider's web mail, when known (opened from the popup). */
  webmailUrl?: string;
  /** A note key (t()) for providers that need something special, e.g. Proton's Bridge. */
  noteKey?: string;
  /** False for the imap.<domain> fallback: a guess the user should check. */
  known: boolean;
}

interface Provider {
  domains: string[];
  host: string;
  port?: number;
  security?: Security;
  webmailUrl?: string;
  noteKey?: string;
}

const PROVIDERS: Provider[] = [
  { domains: ['gmail.com', 'googlemail.com'], host: 'imap.gmail.com', webmailUrl: 'https://mail.google.com/mail/u/0/#search/{query}' },
  { domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com'], host: 'outlook.office365.com', webmailUrl: 'https://outlook.live.com/mail/' },
  { domains: ['yahoo.com'], host: 'imap.mail.yahoo.com', webmailUrl: 'https://mail.yahoo.com/' },
  { domains: ['icloud.com', 'me.com', 'mac.com'], host: 'imap.mail.me.com', webmailUrl: 'https://www.icloud.com/mail/' },
  { domains: ['aol.com'], host: 'imap.aol.com', webmailUrl: 'https://mail.aol.com/' },
  { domains: ['gmx.de', 'gmx.net'], host: 'imap.gmx.net', webmailUrl: 'https://www.gmx.net/' },
  { domains: ['web.de'], host: 'imap.web.de', webmailUrl: 'https://web.de/' },
  { domains: ['posteo.de'], host: 'posteo.de', webmailUrl: 'https://posteo.de/' },
  { domains: ['mailbox.org'], host: 'imap.mailbox.org', webmailUrl: 'https://office.mailbox.org/' },
  { domains: ['fastmail.com'], host: 'imap.fastmail.com', webmailUrl: 'https://app.fastmail.com/' },
  // Proton has no public IMAP: its Bridge app serves IMAP locally with STARTTLS.
  {
    domains: ['protonmail.com', 'protonmail.ch', 'proton.me', 'pm.me'],
    host: '127.0.0.1',
    port: 1143,
    security: 'starttls',
    webmailUrl: 'https://mail.proton.me/',
    noteKey: 'optionsProviderProtonNote',
  },
];

/** The domain of an email address, lower-cased, or undefined when it is not a plausible address. */
export function emailDomain(email: string): string | undefined {
  const match = /^[^\s@]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/.exec(email.trim());
  return match ? match[1]!.toLowerCase().replace(/\.$/, '') : undefined;
}

/** IMAP settings for an email address: a known provider's, else imap.<domain> with TLS on 993; undefined for no address. */
export function guessServer(email: string): ServerGuess | undefined {
  const domain = emailDomain(email);
  if (!domain) return undefined;
  const provider = PROVIDERS.find((p) => p.domains.includes(domain));
  if (!provider) return { host: `imap.${domain}`, port: 993, security: 'tls', known: false };
  return {
    host: provider.host,
    port: provider.port ?? 993,
    security: provider.security ?? 'tls',
    ...(provider.webmailUrl ? { webmailUrl: provider.webmailUrl } : {}),
    ...(provider.noteKey ? { noteKey: provider.noteKey } : {}),
    known: true,
  };
}
