// Sends page requests through the worker and reduces the reply to "done" or the problem to show.
import { browser } from 'wxt/browser';
import type { Problem } from '../../lib/protocol';
import type { HostRequest, PageToWorker } from '../../lib/runtime-messages';

/** Resolves to undefined when the host did it, or to the host's problem. */
export async function sendHostRequest(request: HostRequest): Promise<Problem | undefined> {
  const message: PageToWorker = { type: 'host', request };
  try {
    return problemOf(await browser.runtime.sendMessage(message));
  } catch (error) {
    // The worker could not be reached at all (it is restarting); the user can simply try again.
    return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
  }
}

export function requestRefresh(): void {
  const message: PageToWorker = { type: 'refresh' };
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

/**
 * The worker has already checked the host's reply against the protocol schemas (HostPort parses every frame),
 * so the popup only looks for the error shape instead of bundling zod to parse it again.
 */
function problemOf(reply: unknown): Problem | undefined {
  if (typeof reply !== 'object' || reply === null || (reply as { type?: unknown }).type !== 'error') return undefined;
  const problem = (reply as { problem?: Partial<Problem> }).problem;
  if (typeof problem?.code !== 'string') return { code: 'INTERNAL', message: 'The worker answered with an error without details.' };
  return { code: problem.code, message: typeof problem.message === 'string' ? problem.message : '' };
}
