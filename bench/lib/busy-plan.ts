// The "busy" scenario of issue 9 as a plan every site replays identically: other clients append, mark read and
// unread, flag and expunge at random, switching folders now and then, with index-log rotations forced in between.
import type { ImapFlow } from 'imapflow';
import { buildMessage } from '../../test/support/mail';
import { wallClock } from './meter';
import { USER, type Site } from './site';

export type BusyOp =
  | { kind: 'append' | 'read' | 'unread' | 'expunge' | 'flag'; client: number; folder: string; pick: number }
  | { kind: 'rotate'; log: 'list' | 'INBOX' };

export interface PlannedOp {
  /** ms after the scenario starts. */
  atMs: number;
  op: BusyOp;
}

/** A small seeded generator (mulberry32), so each run and each site replays the same plan. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BusyOptions {
  durationMs: number;
  /** Mean pause between two changes. */
  meanGapMs: number;
  /** Rotations of the list index log: the first after this long, then every `rotateEveryMs`. */
  firstRotationMs: number;
  rotateEveryMs: number;
  /** Also rotate INBOX's own index log (needs it to be 5 minutes old to be quick; see rotation.ts). */
  rotateInbox: boolean;
  clients: number;
  seed: number;
}

export function planBusy(folders: readonly string[], options: BusyOptions): PlannedOp[] {
  const random = seededRandom(options.seed);
  const plan: PlannedOp[] = [];
  const kinds: [BusyOp['kind'], number][] = [['append', 0.4], ['read', 0.25], ['unread', 0.1], ['expunge', 0.15], ['flag', 0.1]];
  for (let at = 0; ; ) {
    at += -Math.log(1 - random()) * options.meanGapMs;
    if (at >= options.durationMs) break;
    let roll = random();
    const kind = kinds.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'append';
    // INBOX gets a third of the changes, the other folders share the rest.
    const folder = random() < 1 / 3 ? folders[0]! : folders[1 + Math.floor(random() * (folders.length - 1))]!;
    plan.push({ atMs: at, op: { kind, client: Math.floor(random() * options.clients), folder, pick: random() } as BusyOp });
  }
  for (let at = options.firstRotationMs, n = 0; at < options.durationMs; at += options.rotateEveryMs, n++) {
    plan.push({ atMs: at, op: { kind: 'rotate', log: 'list' } });
    if (options.rotateInbox && n === 0) plan.push({ atMs: at + options.rotateEveryMs / 2, op: { kind: 'rotate', log: 'INBOX' } });
  }
  return plan.sort((a, b) => a.atMs - b.atMs);
}

/** Applies one planned change on one site and records its outcome in the site's model. */
export async function applyOp(site: Site, op: BusyOp, serial: number): Promise<void> {
  if (op.kind === 'rotate') {
    // The harness rotates exactly once (toggles in batches well under the rotation size; see dovecot-rotation.ts).
    await site.server.forceIndexLogRotation(USER.user, op.log);
    return;
  }
  const client: ImapFlow = site.others[op.client]!;
  const { model } = site;
  if (op.kind === 'append') {
    const seen = op.pick < 0.2;
    const result = await client.append(op.folder, buildMessage({ subject: `Busy ${serial}` }), seen ? ['\\Seen'] : []);
    if (!result || !result.uid) throw new Error('APPEND gave no UID (UIDPLUS)');
    model.appended(op.folder, result.uid, seen, wallClock());
    return;
  }
  const which = op.kind === 'read' ? 'unseen' : op.kind === 'unread' ? 'seen' : 'any';
  const uid = model.pickUid(op.folder, op.pick, which);
  if (uid === undefined) return;
  // The other client keeps this folder selected (read-write) and IDLEs on it until its next change.
  if (client.mailbox === false || client.mailbox.path !== op.folder) await client.mailboxOpen(op.folder);
  if (op.kind === 'read' || op.kind === 'unread') {
    if (op.kind === 'read') await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    else await client.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
    model.seenChanged(op.folder, uid, op.kind === 'read', wallClock());
  } else if (op.kind === 'expunge') {
    await client.messageDelete(String(uid), { uid: true });
    model.expunged(op.folder, uid, wallClock());
  } else if (op.pick < 0.5) {
    await client.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });
  } else {
    await client.messageFlagsRemove(String(uid), ['\\Flagged'], { uid: true });
  }
}
