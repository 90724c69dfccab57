// Why a required STARTTLS did not happen, in words that name the server's move: not offered, refused, or skipped by PREAUTH.
import { HostError } from '../errors';

const FIX = 'Use security "tls" (port 993) instead; Mailbadge never logs in without encryption.';

/** The HostError for a connect failure that imapflow marks as a failed TLS start; undefined if it is not one. */
export function starttlsRefusal(error: { message?: string; code?: string; tlsFailed?: boolean }, capabilities: { has(name: string): boolean }, where: string): HostError | undefined {
  const message = error.message ?? '';
  if (!error.tlsFailed && !/STARTTLS/i.test(message)) return undefined;
  if (/PREAUTH/i.test(message)) {
    return new HostError('STARTTLS_UNAVAILABLE', `${where} said the session is already logged in (PREAUTH) without encryption, so STARTTLS is impossible. ${FIX}`);
  }
  if (error.code === 'STARTTLS_INJECTION') {
    return new HostError('STARTTLS_UNAVAILABLE', `${where} sent data between its STARTTLS answer and the TLS handshake, as an attacker on the path would; the connection was dropped. ${FIX}`);
  }
  if (capabilities.has('STARTTLS') && /STARTTLS/i.test(message)) {
    return new HostError('STARTTLS_UNAVAILABLE', `${where} offers STARTTLS but refused it when asked. ${FIX}`);
  }
  if (/STARTTLS/i.test(message)) return new HostError('STARTTLS_UNAVAILABLE', `${where} does not offer STARTTLS. ${FIX}`);
  return undefined;
}
