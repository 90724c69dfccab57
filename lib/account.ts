// An IMAP account's settings, as the host stores them and the extension displays them (never a password).
import * as z from 'zod';
import { AccountName, FolderName } from './names';

/** Upper-case hex pairs joined by colons, as Node's X509Certificate.fingerprint256 prints them. */
export const Fingerprint256 = z
  .string()
  .transform((raw) => normalizeFingerprint(raw))
  .pipe(
    z
      .string()
      .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'A SHA-256 fingerprint is 64 hex digits, e.g. AB:CD:… as shown in the error'),
  );

export function normalizeFingerprint(raw: string): string {
  const hex = raw.replace(/^sha-?256[:/=]?/i, '').replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{1,2}/g)?.join(':') ?? '';
}

const HostName = z
  .string()
  .min(1, 'The server name is missing')
  .max(255)
  .regex(/^[A-Za-z0-9.-]+$|^\[?[0-9A-Fa-f:.]+\]?$/, 'The server name may only hold letters, digits, dots and dashes');

export const Security = z.enum(['tls', 'starttls']);
export type Security = z.infer<typeof Security>;

/** An OAuth2 provider's name: a built-in one ('google', 'microsoft') or one from the helper's providers.json. */
export const ProviderName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/i, 'A provider name is 1 to 40 letters, digits, dots, dashes or underscores');

/** How an account signs in when it does not use a password. No token lives here: the helper keeps those. */
export const OAuthSettings = z.object({ provider: ProviderName });
export type OAuthSettings = z.infer<typeof OAuthSettings>;

export const AccountSettings = z.object({
  name: AccountName,
  host: HostName,
  port: z.number().int().min(1).max(65535),
  /** Implicit TLS (usually 993) or STARTTLS that must succeed (usually 143); never plaintext. */
  security: Security,
  user: z.string().min(1, 'The user name is missing').max(320),
  folders: z.array(FolderName).min(1).max(1000).default(['INBOX']),
  /** A certificate the user chose to trust although no known authority signed it. */
  trustFingerprint: Fingerprint256.optional(),
  webmailUrl: z.url().max(2000).optional(),
  /** Signed in with OAuth2 at this provider: the helper keeps a refresh token instead of a password. */
  oauth: OAuthSettings.optional(),
  /** Where "archive" moves mail when the server names no \\Archive folder (RFC 6154); picked in the options page. */
  archiveFolder: FolderName.optional(),
});
export type AccountSettings = z.infer<typeof AccountSettings>;

export function defaultPort(security: Security): number {
  return security === 'tls' ? 993 : 143;
}
