// Hears about changes in every watched folder on one imapflow connection through IMAP NOTIFY (RFC 5465).
//
// imapflow has no NOTIFY, so this module uses imapflow internals (here and in ./imapflow-internals.ts), checked against
// imapflow 2.10.2 (test/integration/notify.test.ts covers each; re-run it after any imapflow upgrade):
// raw commands through ./imapflow-internals.ts (which breaks IDLE first, as `run()` does), `getUntaggedHandler()` +
// `currentRequest` (untagged routing), and lib/tools + lib/commands/status-fields (name coding, STATUS items).
//
// What Dovecot 2.3.19 does (read in its source, confirmed by the integration test):
// - `NOTIFY SET STATUS ...` answers with `* STATUS` (MESSAGES UIDNEXT UIDVALIDITY UNSEEN, + HIGHESTMODSEQ
//   since FlagChange is asked for) for every watched folder that exists — except the selected one — before OK.
// - MessageNew and MessageExpunge push `(MESSAGES n UIDNEXT n UNSEEN n HIGHESTMODSEQ n)` about 0.5 s later
//   (its batching); a \Seen change by another session pushes `(UNSEEN n HIGHESTMODSEQ n)` — no MESSAGES;
//   any other flag change only `(HIGHESTMODSEQ n)`. Some pushes repeat unchanged values, with UIDVALIDITY,
//   for folders that did not change (seen after the first change on a fresh account): compare, never count.
// - Pushes arrive unsolicited in authenticated and selected state, with or without IDLE running, also while
//   one of our commands is in flight (before its replies) — but never for the selected folder. Without a
//   `selected`/`selected-delayed` filter Dovecot also stops sending EXISTS/EXPUNGE/FETCH for the selected
//   folder, which would blind imapflow's IDLE; so we always ask for `selected-delayed` (RFC 3501 timing).
// - A second `NOTIFY SET` on a connection is accepted but silently ends all pushes; NONE then SET works.
// - Mailbox names in NOTIFY are taken and sent as raw UTF-8, not modified UTF-7 (fixed for replies only in
//   2.4.3), so a name whose UTF-7 form differs ("Zürich", "R&D") is sent in both forms.
// - It accepts NOTIFY even when `imap_capability` hides it; we still refuse when it is not advertised.
import type { ExistsEvent, ExpungeEvent, FlagsEvent, ImapAttribute, ImapFlow, ImapResponse } from 'imapflow';
import { parseStatusList } from 'imapflow/lib/commands/status-fields.js';
import type { ImapCompileNode } from 'imapflow/lib/handler/types.js';
import { decodePath, encodePath, normalizePath } from 'imapflow/lib/tools.js';
import type { FolderStatus } from './folder-status';
import { runRawCommand } from './imapflow-internals';

export type { FolderStatus };

export interface NotifySubscription {
  /** Sends NOTIFY NONE (if still connected), removes the handlers and stops the keepalive. Safe to call twice. */
  stop(): Promise<void>;
}

export interface NotifyOptions {
  /** NOOP interval while nothing else talks; capped at half of imapflow's socketTimeout. Default 5 min; 0 disables. */
  keepaliveMs?: number;
  /** Ask for the STATUS of every folder up front (RFC 5465 §5.1). Default true. */
  initialStatus?: boolean;
}

type UntaggedHandler = (response: ImapResponse) => unknown;
/** A command in flight: its name, arguments and its own untagged handlers. */
interface PendingRequest {
  command?: string;
  attributes?: ImapAttribute[];
  options?: { untagged?: Record<string, UntaggedHandler | undefined> };
}

/** The imapflow 2.10.2 internals used here (all `@internal` there, so absent from its typings). */
interface Internals {
  exec(command: string, attributes: ImapCompileNode[]): Promise<{ next(): void }>;
  getUntaggedHandler(command: string, attributes: unknown): UntaggedHandler | undefined;
  currentRequest?: PendingRequest | false;
}

const IMAPFLOW_CHECKED = '2.10.2';
const DEFAULT_KEEPALIVE_MS = 5 * 60_000;
// imapflow's own default socketTimeout: with no traffic for this long it fails the connection.
const IMAPFLOW_SOCKET_TIMEOUT_MS = 5 * 60_000;
const EVENTS: ImapCompileNode[] = ['MessageNew', 'MessageExpunge', 'FlagChange'].map((value) => ({ type: 'ATOM', value }));

/** Connections with a live subscription: a second NOTIFY SET would silently end Dovecot's pushes. */
const subscribed = new WeakSet<ImapFlow>();

export function supportsNotify(capabilities: Map<string, unknown> | Set<string>): boolean {
  return capabilities.has('NOTIFY');
}

/**
 * Sends NOTIFY SET for these folders and calls onStatus for every STATUS the server pushes. Throws if the server lacks NOTIFY or answers NO/BAD.
 *
 * onStatus gets `path` exactly as passed in, and only the items the server sent (see above: a \Seen change
 * carries UNSEEN without MESSAGES). It is also called for: the initial STATUS of each folder before this
 * resolves (unless `initialStatus: false`); replies to imapflow's own STATUS / LIST-STATUS for watched folders
 * on this connection (as current as a push, and on fixed servers indistinguishable from one); and the folder
 * imapflow has selected, whose EXISTS/EXPUNGE/flag events arrive as `{ path, messages }` or just `{ path }`.
 */
export async function subscribeNotify(
  client: ImapFlow,
  folders: string[],
  onStatus: (status: FolderStatus) => void,
  options: NotifyOptions = {},
): Promise<NotifySubscription> {
  if (!supportsNotify(client.capabilities)) {
    throw new Error('The IMAP server does not offer NOTIFY (RFC 5465); watch it with IDLE and STATUS polling instead.');
  }
  if (subscribed.has(client)) throw new Error('This connection already has a NOTIFY subscription; stop() it first.');
  const paths = [...new Set(folders)];
  if (paths.length === 0) throw new Error('subscribeNotify needs at least one folder.');
  const internal = internalsOf(client);
  const names = new FolderNames(client, paths);

  const report = (status: FolderStatus): void => {
    try {
      onStatus(status);
    } catch (error) {
      // A throw would land in imapflow's reader, which only logs it; say whose bug it is.
      client.log.warn({ msg: 'NOTIFY status listener failed', err: error });
    }
  };
  const deliver = (response: ImapResponse): void => {
    const [name, items] = response.attributes ?? [];
    const path = names.resolve(tokenText(name));
    if (path === undefined || !Array.isArray(items)) return;
    const status: FolderStatus = { path };
    // imapflow's own parser for STATUS items, so values are validated the same way as its status().
    parseStatusList(items, (key, value) => {
      if (key === 'messages' || key === 'unseen' || key === 'uidNext') status[key] = Number(value);
      else if (key === 'uidValidity' || key === 'highestModseq') status[key] = value.toString();
    });
    report(status);
  };
  const unroute = routeStatus(internal, deliver);
  const unbridge = bridgeSelectedFolder(client, names, report);

  subscribed.add(client);
  let stopTimer = (): void => undefined;
  const release = (): void => {
    stopTimer();
    unbridge();
    unroute();
    subscribed.delete(client);
  };
  try {
    await setNotify(client, names, options.initialStatus ?? true);
  } catch (error) {
    release();
    throw error;
  }
  stopTimer = startKeepalive(client, options.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
  // A closed connection forgets NOTIFY by itself; only our side needs tidying.
  client.once('close', release);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      client.off('close', release);
      stopTimer();
      try {
        if (client.usable) await runRawCommand(client, 'NOTIFY', [{ type: 'ATOM', value: 'NONE' }]);
      } catch (error) {
        // A connection that closed meanwhile took NOTIFY with it: nothing left to stop.
        if (client.usable) throw notifyError(error);
      } finally {
        // Only now: pushes sent before the server read NONE must still find the router.
        release();
      }
    })();
    return stopping;
  };
  return { stop };
}

/** NOTIFY SET with both name forms where they differ; a server that refuses the raw UTF-8 form gets RFC names only. */
async function setNotify(client: ImapFlow, names: FolderNames, initialStatus: boolean): Promise<void> {
  const command = (wireNames: string[]): ImapCompileNode[] => [
    { type: 'ATOM', value: 'SET' },
    ...(initialStatus ? [{ type: 'ATOM', value: 'STATUS' }] : []),
    // Without a selected filter Dovecot stops EXISTS/EXPUNGE/FETCH for the selected folder (imapflow's IDLE).
    [{ type: 'ATOM', value: 'selected-delayed' }, EVENTS],
    // RFC 5465 grammar: the event list sits inside the filter group, after the names.
    [{ type: 'ATOM', value: 'mailboxes' }, wireNames.map(nameToken), EVENTS],
  ];
  try {
    await runRawCommand(client, 'NOTIFY', command(names.wireForms(true)));
  } catch (error) {
    if (!isRefusal(error) || !names.hasRawForms) throw notifyError(error);
    try {
      await runRawCommand(client, 'NOTIFY', command(names.wireForms(false)));
    } catch (retryError) {
      throw notifyError(retryError);
    }
  }
}

/**
 * Sends every STATUS line to `deliver`. imapflow prefers the handler of the command in flight, so a push
 * arriving during its own STATUS would be swallowed and merged into that command's result (its handler does
 * not check the name; the integration test catches it). A long LIST-STATUS is at the same risk: Dovecot
 * suspends a LIST whose output fills the buffer and may push meanwhile. So the command's handler gets only
 * its replies: for STATUS the lines naming the mailbox it asked about, for LIST the STATUS that follows a
 * mailbox's LIST line (Dovecot sends it right after; RFC 5819 has it after the LIST).
 */
function routeStatus(internal: Internals, deliver: (response: ImapResponse) => void): () => void {
  const original = internal.getUntaggedHandler;
  const hadOwn = Object.hasOwn(internal, 'getUntaggedHandler');
  /** Per LIST-STATUS command: mailboxes LISTed whose STATUS reply has not come yet. */
  const awaitingStatus = new WeakMap<PendingRequest, Set<string>>();
  let active = true;
  const isReply = (request: PendingRequest | undefined, name: string | undefined): boolean => {
    if (request === undefined) return false;
    if (request.command?.toUpperCase() === 'STATUS') return sameName(tokenText(request.attributes?.[0]), name);
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
  const wrapper = function (this: Internals, command: string, attributes: unknown): UntaggedHandler | undefined {
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

/**
 * Dovecot never pushes STATUS for the selected folder; there imapflow's EXISTS/EXPUNGE/FETCH events tell of
 * changes. They become partial statuses (no UNSEEN, so the caller knows to ask) so no watched folder goes dark.
 */
function bridgeSelectedFolder(client: ImapFlow, names: FolderNames, report: (status: FolderStatus) => void): () => void {
  const onExists = (event: ExistsEvent): void => {
    const path = names.fromImapflowPath(event.path);
    if (path !== undefined) report({ path, messages: event.count });
  };
  const onExpunge = (event: ExpungeEvent): void => {
    const path = names.fromImapflowPath(event.path);
    const mailbox = client.mailbox;
    if (path === undefined) return;
    report(mailbox && mailbox.path === event.path ? { path, messages: mailbox.exists } : { path });
  };
  const onFlags = (event: FlagsEvent): void => {
    const path = names.fromImapflowPath(event.path);
    if (path !== undefined) report({ path });
  };
  client.on('exists', onExists);
  client.on('expunge', onExpunge);
  client.on('flags', onFlags);
  return () => {
    client.off('exists', onExists);
    client.off('expunge', onExpunge);
    client.off('flags', onFlags);
  };
}

/**
 * NOOP while the connection is otherwise quiet: in authenticated state imapflow fails the connection after
 * socketTimeout of silence, and servers drop sessions idle for 30 min. Skipped while imapflow IDLEs (IDLE is
 * its own keepalive, and a NOOP would only break it) or has written recently.
 */
function startKeepalive(client: ImapFlow, keepaliveMs: number): () => void {
  if (!(keepaliveMs > 0)) return () => undefined;
  const socketTimeout = Number(client.options.socketTimeout) || IMAPFLOW_SOCKET_TIMEOUT_MS;
  const interval = Math.min(keepaliveMs, socketTimeout / 2);
  const timer = setInterval(() => {
    const quietFor = Date.now() - (client.lastClientWrite ?? 0);
    if (!client.usable || client.idling || quietFor < interval / 2) return;
    // noop() goes through run(), so it queues politely behind whatever else is running.
    client.noop().catch(() => undefined);
  }, interval);
  timer.unref();
  return () => clearInterval(timer);
}

/** Maps our folder paths to what goes on the wire and back. */
class FolderNames {
  private readonly byWire = new Map<string, string>();
  private readonly byImapflowPath = new Map<string, string>();
  private readonly forms: { wire: string; raw: string }[] = [];

  constructor(
    private readonly client: ImapFlow,
    paths: string[],
  ) {
    for (const path of paths) {
      // The same normalisation imapflow's status() applies (namespace prefix, INBOX), so both agree.
      const raw = normalizePath(client, path);
      // Modified UTF-7 (RFC 3501 §5.1.3) unless UTF8=ACCEPT is enabled, then identical to raw.
      const wire = encodePath(client, raw);
      this.forms.push({ wire, raw });
      this.byWire.set(wireKey(wire), path);
      this.byWire.set(wireKey(raw), path);
      this.byImapflowPath.set(raw, path);
    }
  }

  get hasRawForms(): boolean {
    return this.forms.some(({ wire, raw }) => wire !== raw);
  }

  /** The RFC form of every name, plus the raw UTF-8 form Dovecot expects where it differs. */
  wireForms(withRaw: boolean): string[] {
    return this.forms.flatMap(({ wire, raw }) => (withRaw && raw !== wire ? [wire, raw] : [wire]));
  }

  resolve(wireName: string | undefined): string | undefined {
    if (wireName === undefined) return undefined;
    const exact = this.byWire.get(wireKey(wireName));
    if (exact !== undefined) return exact;
    // Modified UTF-7 is 7-bit; an 8-bit name is already UTF-8 and decoding it would garble an "&".
    return /^[\x00-\x7f]*$/.test(wireName) ? this.byWire.get(wireKey(decodePath(this.client, wireName))) : undefined;
  }

  fromImapflowPath(path: string): string | undefined {
    return this.byImapflowPath.get(path);
  }
}

/** INBOX is case-insensitive (RFC 3501 §5.1); every other name is compared exactly. */
function wireKey(name: string): string {
  return name.toUpperCase() === 'INBOX' ? 'INBOX' : name;
}

function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && wireKey(a) === wireKey(b);
}

/** A quoted string escapes " and \ (imapflow's compiler does it); 8-bit or CR/LF needs a literal. */
function nameToken(name: string): ImapCompileNode {
  return /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(name) ? { type: 'STRING', value: name } : { type: 'LITERAL', value: Buffer.from(name, 'utf8') };
}

function tokenText(token: ImapAttribute | undefined): string | undefined {
  if (!token || Array.isArray(token)) return undefined;
  const value = token.value;
  if (typeof value === 'string') return value;
  // A literal (Dovecot sends 8-bit names that way) arrives as a Buffer.
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

interface ImapCommandError {
  responseStatus?: string;
  responseText?: string;
}

function isRefusal(error: unknown): boolean {
  const status = (error as ImapCommandError | undefined)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}

function notifyError(error: unknown): Error {
  if (!isRefusal(error)) return error instanceof Error ? error : new Error(String(error));
  const { responseStatus, responseText } = error as ImapCommandError;
  return new Error(`The IMAP server refused NOTIFY (${responseStatus}${responseText ? `: ${responseText}` : ''}); watch with IDLE and STATUS polling instead.`, { cause: error });
}

function internalsOf(client: ImapFlow): Internals {
  const candidate = client as unknown as Partial<Internals>;
  if (typeof candidate.exec !== 'function' || typeof candidate.getUntaggedHandler !== 'function') {
    throw new Error(`imapflow no longer has the internals NOTIFY support relies on (exec, getUntaggedHandler; checked with imapflow ${IMAPFLOW_CHECKED}). Pin imapflow or update native-host/imap/notify.ts.`);
  }
  return candidate as Internals;
}
