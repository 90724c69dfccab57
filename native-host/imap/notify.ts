// Hears about changes in every watched folder on one imapflow connection through IMAP NOTIFY (RFC 5465).
//
// imapflow has no NOTIFY: the command goes out raw and pushes are routed through ./imapflow (the one adapter to its
// internals; test/integration/notify.test.ts covers what this module relies on). The command is ./notify-command.ts,
// the name mapping ./notify-names.ts, the NOOP cadence ./noop-cadence.ts; this module ties them into a subscription.
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
// - Its inotify watch stays on the index log it first saw: once Dovecot rotates that log (every few hours on a
//   busy mailbox) pushes come only at a 30 s timer. A NOOP makes it look at once, so the caller picks a NOOP
//   cadence (`noopEveryMs`) that bounds how late a change can be (docs/freshness.md).
import type { ExistsEvent, ExpungeEvent, FlagsEvent, ImapFlow, ImapResponse } from 'imapflow';
import { readStatusLine, routeUnsolicitedStatus } from './imapflow';
import { startNoopCadence } from './noop-cadence';
import { clearNotify, setNotify } from './notify-command';
import { NotifyFolderNames } from './notify-names';
import { folderStatus, type FolderStatus } from './status';

export type { FolderStatus };

export interface NotifySubscription {
  /** Sends NOTIFY NONE (if still connected), removes the handlers and stops the NOOPs. Safe to call twice. */
  stop(): Promise<void>;
}

export interface NotifyOptions {
  /**
   * NOOP interval: keeps the connection alive and makes Dovecot deliver what its stale watch missed, so it is the
   * bound on how late a push can be. Capped at half of imapflow's socketTimeout. Default 5 min (a keepalive
   * only); 0 disables.
   */
  noopEveryMs?: number;
  /** Ask for the STATUS of every folder up front (RFC 5465 §5.1). Default true. */
  initialStatus?: boolean;
}

const DEFAULT_NOOP_EVERY_MS = 5 * 60_000;

/** Connections with a live subscription: a second NOTIFY SET would silently end Dovecot's pushes. */
const subscribed = new WeakSet<ImapFlow>();

export function supportsNotify(capabilities: Map<string, unknown> | Set<string>): boolean {
  return capabilities.has('NOTIFY');
}

/**
 * Sends NOTIFY SET for these folders and calls onStatus for every STATUS the server pushes. Throws if the server lacks NOTIFY or answers NO/BAD.
 *
 * onStatus gets `folder` exactly as passed in, and only the items the server sent (see above: a \Seen change
 * carries UNSEEN without MESSAGES). It is also called for: the initial STATUS of each folder before this
 * resolves (unless `initialStatus: false`); replies to imapflow's own STATUS / LIST-STATUS for watched folders
 * on this connection (as current as a push, and on fixed servers indistinguishable from one); and the folder
 * imapflow has selected, whose EXISTS/EXPUNGE/flag events arrive as `{ folder, messages }` or just `{ folder }`.
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
  const watched = [...new Set(folders)];
  if (watched.length === 0) throw new Error('subscribeNotify needs at least one folder.');
  const names = new NotifyFolderNames(client, watched);

  const report = (status: FolderStatus): void => {
    try {
      onStatus(status);
    } catch (error) {
      // A throw would land in imapflow's reader, which only logs it; say whose bug it is.
      client.log.warn({ msg: 'NOTIFY status listener failed', err: error });
    }
  };
  const deliver = (response: ImapResponse): void => {
    const line = readStatusLine(response);
    const folder = names.resolve(line?.wireName);
    if (line && folder !== undefined) report(folderStatus(folder, line.items));
  };
  const unroute = routeUnsolicitedStatus(client, deliver);
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
  stopTimer = startNoopCadence(client, options.noopEveryMs ?? DEFAULT_NOOP_EVERY_MS);
  // A closed connection forgets NOTIFY by itself; only our side needs tidying.
  client.once('close', release);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      client.off('close', release);
      stopTimer();
      try {
        if (client.usable) await clearNotify(client);
      } catch (error) {
        // A connection that closed meanwhile took NOTIFY with it: nothing left to stop.
        if (client.usable) throw error;
      } finally {
        // Only now: pushes sent before the server read NONE must still find the router.
        release();
      }
    })();
    return stopping;
  };
  return { stop };
}

/**
 * Dovecot never pushes STATUS for the selected folder; there imapflow's EXISTS/EXPUNGE/FETCH events tell of
 * changes. They become partial statuses (no UNSEEN, so the caller knows to ask) so no watched folder goes dark.
 */
function bridgeSelectedFolder(client: ImapFlow, names: NotifyFolderNames, report: (status: FolderStatus) => void): () => void {
  const onExists = (event: ExistsEvent): void => {
    const folder = names.fromImapflowName(event.path);
    if (folder !== undefined) report({ folder, messages: event.count });
  };
  const onExpunge = (event: ExpungeEvent): void => {
    const folder = names.fromImapflowName(event.path);
    const mailbox = client.mailbox;
    if (folder === undefined) return;
    report(mailbox && mailbox.path === event.path ? { folder, messages: mailbox.exists } : { folder });
  };
  const onFlags = (event: FlagsEvent): void => {
    const folder = names.fromImapflowName(event.path);
    if (folder !== undefined) report({ folder });
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
