// Routes STATUS lines the server sends unasked (NOTIFY pushes) to a listener, and keeps them out of the command in flight.
import type { ImapFlow, ImapResponse } from 'imapflow';
import { internalsOf, type ImapflowInternals, type PendingRequest, type UntaggedHandler } from './internals';
import { sameWireName, tokenText, wireKey } from './wire';

/**
 * Sends every untagged STATUS line on this connection to `deliver`, and returns a function that stops that.
 *
 * imapflow prefers the handler of the command in flight, so a push arriving during its own STATUS would be
 * swallowed and merged into that command's result (its handler does not check the name; the integration
 * test catches it). A long LIST-STATUS is at the same risk: Dovecot suspends a LIST whose output fills the
 * buffer and may push meanwhile. So the command's handler gets only its replies: for STATUS the lines naming
 * the mailbox it asked about, for LIST the STATUS that follows a mailbox's LIST line (Dovecot sends it right
 * after; RFC 5819 has it after the LIST). `deliver` sees every line, replies included: a reply is as current
 * as a push.
 */
export function routeUnsolicitedStatus(client: ImapFlow, deliver: (response: ImapResponse) => void): () => void {
  const internal = internalsOf(client);
  const original = internal.getUntaggedHandler;
  const hadOwn = Object.hasOwn(internal, 'getUntaggedHandler');
  /** Per LIST-STATUS command: mailboxes LISTed whose STATUS reply has not come yet. */
  const awaitingStatus = new WeakMap<PendingRequest, Set<string>>();
  let active = true;
  const isReply = (request: PendingRequest | undefined, name: string | undefined): boolean => {
    if (request === undefined) return false;
    if (request.command?.toUpperCase() === 'STATUS') return sameWireName(argumentText(request.attributes?.[0]), name);
    return name !== undefined && (awaitingStatus.get(request)?.delete(wireKey(name)) ?? false);
  };
  const routeStatusLine = (response: ImapResponse, chosen: UntaggedHandler | undefined): unknown => {
    const request = internal.currentRequest || undefined;
    const own = request?.options?.untagged?.STATUS;
    const forward = chosen !== undefined && (chosen !== own || isReply(request, tokenText(response.attributes?.[0])));
    deliver(response);
    return forward ? chosen(response) : undefined;
  };
  const noteListed = (response: ImapResponse, chosen: UntaggedHandler | undefined, request: PendingRequest): unknown => {
    // * LIST (flags) "delimiter" name
    const name = tokenText(response.attributes?.[2]);
    if (name !== undefined) awaitingStatus.set(request, (awaitingStatus.get(request) ?? new Set()).add(wireKey(name)));
    return chosen?.(response);
  };
  const wrapper = function (this: ImapflowInternals, command: string, attributes: unknown): UntaggedHandler | undefined {
    const chosen = original.call(this, command, attributes);
    const keyword = active && typeof command === 'string' ? command.toUpperCase() : '';
    if (keyword === 'STATUS') return (response) => routeStatusLine(response, chosen);
    const request = internal.currentRequest || undefined;
    if (keyword === 'LIST' && request?.options?.untagged?.STATUS) return (response) => noteListed(response, chosen, request);
    return chosen;
  };
  internal.getUntaggedHandler = wrapper;
  return () => {
    active = false;
    // Someone who wrapped it after us keeps their wrapper; ours then just passes through.
    if (internal.getUntaggedHandler !== wrapper) return;
    if (hadOwn) internal.getUntaggedHandler = original;
    else Reflect.deleteProperty(internal, 'getUntaggedHandler');
  };
}

/** The text of a command argument as imapflow holds it in the request (a string node, or a bare string). */
function argumentText(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument !== 'object' || argument === null || Array.isArray(argument)) return undefined;
  const value = (argument as { value?: unknown }).value;
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}
