// Asks the host something through the background worker and checks the reply's shape before the page uses it.
import { browser } from 'wxt/browser';
import { HostToExtension, parseMessage, type Problem } from '../../lib/protocol';
import type { HostRequest } from '../../lib/runtime-messages';

export type HostReply = HostToExtension;

export async function askHost(request: HostRequest): Promise<HostReply> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage({ type: 'host', request });
  } catch (error) {
    return errorReply({ code: 'HOST_EXITED', message: error instanceof Error ? error.message : String(error) });
  }
  const parsed = parseMessage(HostToExtension, raw, 'The reply from the background worker');
  return parsed.ok ? parsed.value : errorReply(parsed.problem);
}

/** Asks the host for the whole state again, so the account list shows a saved or removed account at once. */
export function refreshState(): void {
  void askHost({ type: 'getState' });
}

function errorReply(problem: Problem): HostReply {
  return { type: 'error', problem };
}
