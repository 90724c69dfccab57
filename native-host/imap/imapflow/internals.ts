// The only module that reaches into imapflow's private API (members marked @internal, deep imports), and the check that they are all there.
//
// imapflow has no NOTIFY, no PREVIEW and no pipelining, so Mailbadge sends those commands itself through the
// connection imapflow already holds. Every member and deep import used for that is named here, typed, and
// checked when a session connects: an imapflow that lacks one fails with a clear error before a password is sent,
// not with a TypeError deep inside a reconnect loop. Checked against imapflow 2.10.2 (pinned exactly in
// package.json); after an upgrade run this folder's contract test and test/integration/{notify,folder-status,
// server-previews}.test.ts.
import type { ImapFlow, ImapResponse } from 'imapflow';
import { parseStatusList } from 'imapflow/lib/commands/status-fields.js';
import compiler from 'imapflow/lib/handler/imap-compiler.js';
import type { ImapCompileNode } from 'imapflow/lib/handler/types.js';
import { version as installedVersion } from 'imapflow/lib/package-info.js';
import { specialUse } from 'imapflow/lib/special-use.js';
import { decodePath, encodePath, formatMessageResponse, normalizePath } from 'imapflow/lib/tools.js';
import { HostError } from '../../errors';

/** The version every private member and deep import below was read in. */
export const SUPPORTED_IMAPFLOW = '2.10.2';

/** One argument of a command as imapflow's compiler takes it (an atom, a string, a literal, a list…). */
export type CommandArgument = ImapCompileNode;

export type UntaggedHandler = (response: ImapResponse) => unknown;

/** A command imapflow has on the wire: its name, arguments and its own untagged handlers (from exec()'s options). */
export interface PendingRequest {
  command?: string;
  attributes?: CommandArgument[];
  options?: { untagged?: Record<string, UntaggedHandler | undefined> };
}

/** imapflow 2.10.2's private members that Mailbadge uses (all `@internal` there, so absent from its typings). */
export interface ImapflowInternals {
  /** Queues a command; resolves when its tagged OK arrives, with the parser's back-pressure token `next`. */
  exec(command: string, attributes: CommandArgument[], options?: { untagged?: Record<string, UntaggedHandler> }): Promise<{ next(): void }>;
  /** Writes one command line (imapflow adds CRLF, and compresses when COMPRESS is on). */
  write(chunk: string): void;
  /** Picks the handler for an untagged response: the command in flight's own, else the connection's. Replaceable on the instance. */
  getUntaggedHandler(command: string, attributes: unknown): UntaggedHandler | undefined;
  /** Re-arms auto-IDLE once the connection is free. */
  autoidle(): void;
  /** The command on the wire (false when none), and those waiting behind it. */
  currentRequest: PendingRequest | false | undefined;
  requestQueue: unknown[];
  /** Parts of a command still waiting for a literal continuation; empty between commands. */
  commandParts: unknown[];
  /** Set only while IDLE runs (breaks it with DONE); absent otherwise, so the connect check cannot see it (contract.test.ts does). */
  preCheck?: (() => Promise<void>) | false | null;
  /** Set only while auto-IDLE is scheduled; absent otherwise, like preCheck. */
  idleStartTimer?: ReturnType<typeof setTimeout>;
}

/** The private functions of imapflow's modules that Mailbadge uses, each reached by a deep import. */
export const imapflowModules = {
  /** lib/tools.js: folder name to the wire (modified UTF-7 unless UTF8=ACCEPT is on). */
  encodePath,
  /** lib/tools.js: folder name from the wire. */
  decodePath,
  /** lib/tools.js: namespace prefix and INBOX normalised, as imapflow's status() and mailboxOpen() do. */
  normalizePath,
  /** lib/tools.js: a raw FETCH response read the way fetch() reads it. */
  formatMessageResponse,
  /** lib/commands/status-fields.js: STATUS items validated the way status() validates them. */
  parseStatusList,
  /** lib/handler/imap-compiler.js: a command as bytes, for pipelining. */
  compiler,
  /** lib/special-use.js: a folder's role from its LIST flags, else from well-known names ("Sent", "Gesendet"…), as list() finds it. */
  specialUse,
};

const METHODS = ['exec', 'write', 'getUntaggedHandler', 'autoidle'] as const;
const ARRAYS = ['requestQueue', 'commandParts'] as const;

/** What this ImapFlow instance and the imapflow modules lack of what Mailbadge uses; empty when all is there. */
export function missingInternals(client: ImapFlow, modules: Record<string, unknown> = imapflowModules): string[] {
  const candidate = client as unknown as Record<string, unknown>;
  const missing: string[] = [];
  for (const name of METHODS) if (typeof candidate[name] !== 'function') missing.push(`ImapFlow.${name}()`);
  for (const name of ARRAYS) if (!Array.isArray(candidate[name])) missing.push(`ImapFlow.${name}`);
  // false between commands; a missing property would read as undefined and look like "no command" forever.
  if (!('currentRequest' in candidate)) missing.push('ImapFlow.currentRequest');
  for (const [name, value] of Object.entries(modules)) if (typeof value !== 'function') missing.push(`imapflow/lib: ${name}()`);
  return missing;
}

/**
 * An imapflow other than the one Mailbadge was built for. Retrying cannot help (the installed code does not
 * change while the host runs), so a session stops on it until the user acts (reinstalls, then refreshes).
 */
export class ImapflowUnsupportedError extends HostError {
  constructor(
    readonly version: string,
    readonly missing: readonly string[],
  ) {
    super(
      'INTERNAL',
      `imapflow ${version} is not supported; Mailbadge needs ${SUPPORTED_IMAPFLOW} (missing: ${missing.join(', ')}). ` +
        `Reinstall Mailbadge's helper, or install imapflow ${SUPPORTED_IMAPFLOW} exactly (\`npm ci\`).`,
    );
    this.name = 'ImapflowUnsupportedError';
  }
}

/** Throws ImapflowUnsupportedError unless every private member and deep import the adapter uses is there. */
export function assertImapflowSupported(client: ImapFlow, modules: Record<string, unknown> = imapflowModules, version: string = installedVersion): void {
  const missing = missingInternals(client, modules);
  if (missing.length) throw new ImapflowUnsupportedError(version, missing);
}

/** Connections already checked: openImapSession() checks each before connecting, and test clients on first use. */
const checked = new WeakSet<ImapFlow>();

/** The private members of a connection, checked once per connection; only the adapter calls this. */
export function internalsOf(client: ImapFlow): ImapflowInternals {
  if (!checked.has(client)) {
    assertImapflowSupported(client);
    checked.add(client);
  }
  return client as unknown as ImapflowInternals;
}
