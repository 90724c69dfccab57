// Runs commands imapflow has no method for (NOTIFY, LIST-STATUS, FETCH PREVIEW) on its connection, optionally pipelined.
import type { ImapFlow, ImapResponse } from 'imapflow';
import { imapflowModules, internalsOf, type CommandArgument, type ImapflowInternals } from './internals';

/**
 * Runs a raw command with handlers for its untagged responses, the way imapflow's own run() does:
 * cancel a pending auto-IDLE, break a running IDLE first (or the command waits behind it until
 * maxIdleTime), always call the parser's back-pressure token `next` (or every later command hangs),
 * then let auto-IDLE resume.
 */
export async function runRawCommand(
  client: ImapFlow,
  command: string,
  attributes: CommandArgument[],
  untagged: Record<string, (response: ImapResponse) => void> = {},
  /** Command lines to put on the wire just before this command, in the same write burst (pipelining). */
  pipelinedBefore: string[] = [],
): Promise<void> {
  const internal = internalsOf(client);
  clearTimeout(internal.idleStartTimer);
  try {
    if (typeof internal.preCheck === 'function') await internal.preCheck();
    // Written in the same tick as exec() sends its own command, so every reply arrives while that command
    // is the one in flight and reaches its untagged handlers; their tagged OKs carry tags imapflow does
    // not know, which it tolerates. The server answers in order, so this command completes last.
    // Only on a free connection: breaking IDLE returns once DONE is written, before the server's OK.
    if (pipelinedBefore.length && (await connectionFree(client, internal))) {
      clearTimeout(internal.idleStartTimer);
      for (const line of pipelinedBefore) internal.write(line);
    }
    const response = await internal.exec(command, attributes, { untagged });
    response.next();
  } finally {
    if (client.usable) internal.autoidle();
  }
}

/** Waits (a round trip at most, as when IDLE ends) until no command is in flight or queued; false if that does not come. */
async function connectionFree(client: ImapFlow, internal: ImapflowInternals, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const free = () => !internal.currentRequest && internal.requestQueue.length === 0 && internal.commandParts.length === 0 && !client.idling;
  while (!free()) {
    if (!client.usable || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return true;
}

/** One command line as imapflow would send it, or undefined when it needs a synchronising literal (no pipelining then). */
export function compileCommandLine(tag: string, command: string, attributes: CommandArgument[]): string | undefined {
  const parts = imapflowModules.compiler({ tag, command, attributes }, { asArray: true, literalPlus: false });
  return parts.length === 1 ? parts[0]!.toString('binary') : undefined;
}
