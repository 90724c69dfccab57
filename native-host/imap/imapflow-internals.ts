// The few imapflow internals we need (raw commands, folder-name encoding, STATUS parsing), wrapped in one place.
// Checked against imapflow 2.10.2 (pinned in package.json); an upgrade must re-run the integration tests.
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { decodePath, encodePath } from 'imapflow/lib/tools.js';
import { parseStatusList } from 'imapflow/lib/commands/status-fields.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import compiler from 'imapflow/lib/handler/imap-compiler.js';

/** One parsed attribute of an IMAP response, as imapflow's parser produces it. */
export interface ImapAttribute {
  type?: string;
  value?: unknown;
}
export type ImapAttributeList = (ImapAttribute | ImapAttributeList)[];

export interface UntaggedResponse {
  command?: string;
  attributes?: ImapAttributeList;
}

interface InternalClient {
  exec(
    command: string,
    attributes: unknown[],
    options?: { untagged?: Record<string, (response: UntaggedResponse) => Promise<void> | void> },
  ): Promise<{ next(): void }>;
  /** Writes one command line (imapflow adds CRLF, and compresses when COMPRESS is on). */
  write(chunk: string): void;
  /** Parts of a command still waiting for a literal continuation; empty between commands. */
  commandParts: unknown[];
  /** The command on the wire, and those waiting behind it. */
  currentRequest?: unknown;
  requestQueue: unknown[];
  /** Set while IDLE runs: breaks it (DONE) so the next command is not stuck behind it. */
  preCheck?: (() => Promise<void>) | false | null;
  idleStartTimer?: ReturnType<typeof setTimeout>;
  autoidle?: () => void;
}

function internals(client: ImapFlow): InternalClient {
  const candidate = client as unknown as Partial<InternalClient>;
  if (typeof candidate.exec !== 'function') {
    throw new Error('imapflow no longer exposes exec(); Mailbadge needs the version pinned in package.json');
  }
  return candidate as InternalClient;
}

/**
 * Runs a raw command with handlers for its untagged responses, the way imapflow's own run() does:
 * cancel a pending auto-IDLE, break a running IDLE first (or the command waits behind it until
 * maxIdleTime), always call the parser's back-pressure token `next` (or every later command hangs),
 * then let auto-IDLE resume.
 */
export async function runRawCommand(
  client: ImapFlow,
  command: string,
  attributes: unknown[],
  untagged: Record<string, (response: UntaggedResponse) => void> = {},
  /** Command lines to put on the wire just before this command, in the same write burst (pipelining). */
  pipelinedBefore: string[] = [],
): Promise<void> {
  const internal = internals(client);
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
    if (client.usable) internal.autoidle?.();
  }
}

/** Waits (a round trip at most, as when IDLE ends) until no command is in flight or queued; false if that does not come. */
async function connectionFree(client: ImapFlow, internal: InternalClient, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const free = () => !internal.currentRequest && internal.requestQueue.length === 0 && internal.commandParts.length === 0 && !client.idling;
  while (!free()) {
    if (!client.usable || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return true;
}

/** One command line as imapflow would send it, or undefined when it needs a synchronising literal (no pipelining then). */
export function compileCommandLine(tag: string, command: string, attributes: unknown[]): string | undefined {
  const parts = compiler({ tag, command, attributes } as never, { asArray: true, literalPlus: false });
  return parts.length === 1 ? parts[0]!.toString('binary') : undefined;
}

/** Folder name as sent on the wire: modified UTF-7 unless the session enabled UTF-8. */
export function encodeFolder(client: ImapFlow, path: string): string {
  return encodePath(client, path);
}

export function decodeFolder(client: ImapFlow, wire: string): string {
  return decodePath(client, wire);
}

export function atom(value: string): ImapAttribute {
  return { type: 'ATOM', value };
}

export function stringValue(attribute: ImapAttribute | ImapAttributeList | undefined): string | undefined {
  if (!attribute || Array.isArray(attribute)) return undefined;
  const value = attribute.value;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** Calls onField for each recognised item of a STATUS item list, as imapflow's own STATUS does. */
export function readStatusItems(list: ImapAttributeList, onField: (key: string, value: number | bigint) => void): void {
  parseStatusList(list as never, onField);
}

/** A raw FETCH response read the way imapflow's own fetch() reads it (envelope, flags, dates decoded). */
export async function formatFetchResponse(client: ImapFlow, response: UntaggedResponse): Promise<FetchMessageObject | undefined> {
  if (!client.mailbox) return undefined;
  try {
    return (await formatMessageResponse(response as never, client.mailbox, undefined, client)) as FetchMessageObject;
  } catch {
    return undefined; // one malformed response must not cost the others
  }
}

