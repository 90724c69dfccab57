// Turns what a server does to a connection (overlong lines, huge literals, garbage, silence) into one clear error,
// and bounds how long a sequence of commands may take, closing the connection so the session reconnects.
import type { ImapFlow } from 'imapflow';
import { HostError } from '../errors';
import { bytesInWords, IMAP_LIMITS, quietLimitMs, secondsInWords, sequenceLimitMs } from './limits';
import { networkError } from './network-errors';

/** The first fatal error of each connection, as the HostError that explains it. */
const failures = new WeakMap<ImapFlow, HostError>();

interface ImapflowFailure {
  code?: string;
  message?: string;
  literalSize?: number;
}

/** Remembers why this connection fails, once: imapflow emits one 'error' and then closes it. */
export function watchConnection(client: ImapFlow, where: string): void {
  client.on('error', (error: unknown) => {
    if (!failures.has(client)) failures.set(client, describeFailure(error, where));
  });
}

/** Why this connection failed, if it did on the server's account (not when we closed it ourselves). */
export function connectionFailure(client: ImapFlow): HostError | undefined {
  return failures.get(client);
}

/**
 * Runs `action` on this connection within `limitMs`; past it the connection is closed (its commands fail) and the
 * result is TIMEOUT. If the action fails because the connection failed, the cause is thrown rather than the
 * symptom ("connection closed").
 */
export async function withDeadline<T>(client: ImapFlow, where: string, action: () => Promise<T>, limitMs = sequenceLimitMs()): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new HostError('TIMEOUT', `${where} did not finish answering within ${secondsInWords(limitMs)}; reconnecting.`);
      if (!failures.has(client)) failures.set(client, error);
      client.close();
      reject(error);
    }, limitMs);
  });
  try {
    return await Promise.race([action(), expired]);
  } catch (error) {
    throw failures.get(client) ?? error;
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(error: unknown, where: string): HostError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ImapflowFailure;
  const code = typeof e.code === 'string' ? e.code : '';
  const invalid = (what: string) => new HostError('SERVER_INVALID_REPLY', `${where} ${what}; Mailbadge dropped the connection and reconnects.`);
  switch (code) {
    case 'LineTooLarge':
      return invalid(`sent a line longer than ${bytesInWords(IMAP_LIMITS.maxLineBytes)}, the most Mailbadge accepts`);
    case 'LiteralTooLarge':
      return invalid(`announced ${Number.isFinite(e.literalSize) ? `${e.literalSize} bytes` : 'more bytes than any server sends'} in one piece (a literal); Mailbadge accepts at most ${bytesInWords(IMAP_LIMITS.maxLiteralBytes)}`);
    case 'ResponseTooLarge':
      return invalid(`sent a response larger than ${bytesInWords(IMAP_LIMITS.maxResponseBytes)}, the most Mailbadge accepts`);
    case 'TooManyTokens':
      return invalid(`sent a response of more than ${IMAP_LIMITS.maxResponseTokens} parts, the most Mailbadge accepts`);
    case 'TooManyResponses':
      return invalid('answered one command with more responses than Mailbadge keeps');
    case 'ETIMEOUT':
      return new HostError('TIMEOUT', `${where} did not answer in ${secondsInWords(quietLimitMs())}; reconnecting.`);
  }
  if (code.startsWith('ParserError') || ['InvalidResponse', 'UnexpectedTag', 'MissingTag', 'MAX_IMAP_NESTING_REACHED', 'ResponseProcessingFailed'].includes(code)) {
    return invalid(`sent something that is not valid IMAP (${code})`);
  }
  return networkError(code, where) ?? new HostError('CONNECT_FAILED', `The connection to ${where} failed (${code.replace(/[^\w.-]/g, '').slice(0, 40) || 'closed'}); reconnecting.`);
}

/** LOGOUT, politely but not forever: a server that does not answer it within a few seconds is simply cut off. */
export async function logoutQuietly(client: ImapFlow, limitMs = Math.min(5_000, quietLimitMs())): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
  try {
    await Promise.race([client.logout().catch(() => undefined), gaveUp]);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}
