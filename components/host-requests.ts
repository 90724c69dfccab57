// How the popup and the options page ask the host something: through the background worker, which adds the id,
// forwards the request on its port and answers with the host's reply.
import { browser } from 'wxt/browser';
import type { HostToExtension, Problem } from '../lib/protocol';
import type { HostRequest, PageToWorker } from '../lib/runtime-messages';

export type HostReply = HostToExtension;

const REPLY_TYPES: ReadonlySet<string> = new Set<HostReply['type']>([
  'hello', 'state', 'ok', 'folders', 'error', 'accountStatus', 'folderCounts', 'previews', 'discovered', 'signInStarted', 'signInFinished', 'moved', 'saved',
]);

/**
 * Sends a request through the worker and resolves with the host's reply, or with an error reply when the worker cannot
 * be reached. The worker has already checked the host's reply against the protocol schemas (lib/host-port.ts parses
 * every frame), so this only checks the reply's outline instead of bundling zod into the popup to parse it again.
 */
export async function askHost(request: HostRequest): Promise<HostReply> {
  return await askWorker({ type: 'host', request });
}

/** The same for any message to the worker (save as .eml is one the worker carries out itself). */
export async function askWorker(message: PageToWorker): Promise<HostReply> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(message);
  } catch (error) {
    // The worker could not be reached at all (it is restarting); the user can simply try again.
    return errorReply('HOST_EXITED', error instanceof Error ? error.message : String(error));
  }
  const outline = reply as { type?: unknown; problem?: { code?: unknown } } | null;
  if (typeof outline !== 'object' || outline === null || !REPLY_TYPES.has(String(outline.type))) {
    return errorReply('BAD_MESSAGE', 'The background worker answered with something that is not a reply.');
  }
  if (outline.type === 'error' && typeof outline.problem?.code !== 'string') return errorReply('INTERNAL', 'The worker answered with an error without details.');
  return reply as HostReply;
}

/** Resolves to undefined when the host did it, or to the problem to show. */
export async function sendHostRequest(request: HostRequest): Promise<Problem | undefined> {
  const reply = await askHost(request);
  return reply.type === 'error' ? reply.problem : undefined;
}

/** The problem to show for a reply that is neither the one expected nor an error. */
export function unexpectedReply(reply: HostReply): Problem {
  return reply.type === 'error' ? reply.problem : { code: 'BAD_MESSAGE', message: `Unexpected reply "${reply.type}".` };
}

/** Asks the worker to have the host count again now (the popup does on opening). */
export function requestRefresh(): void {
  const message: PageToWorker = { type: 'refresh' };
  void browser.runtime.sendMessage(message).catch(() => undefined);
}

function errorReply(code: Problem['code'], message: string): HostReply {
  return { type: 'error', problem: { code, message } };
}
