// Socket-level failures (refused, unreachable, timed out) as HostErrors that say what to check.
import { HostError } from '../errors';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT']);

/** The HostError for a socket error code, or undefined when the code is not a network failure. */
export function networkError(code: string | undefined, where: string): HostError | undefined {
  if (code && UNREACHABLE.has(code)) {
    return new HostError('CONNECT_FAILED', `Cannot reach ${where} (${code}). Check the server name and port, and your network.`);
  }
  if (code && TIMED_OUT.has(code)) {
    return new HostError('TIMEOUT', `${where} did not answer in time. Check the server name and port, or try again later.`);
  }
  return undefined;
}
