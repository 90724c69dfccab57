// The popup's mail actions: each sends one request through the worker, which changes the state at once and puts it
// back if the host refuses; mark all read, archive, delete, spam and "archive read" can be undone for UNDO_MS.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Preview, Problem } from '../../lib/protocol';
import type { MovedMessage, MoveAction } from '../../lib/protocol-actions';
import type { HostRequest } from '../../lib/runtime-messages';
import { askHost, askWorker, type HostReply } from '../host-requests';

/** How long "Undo" stays after an action. */
export const UNDO_MS = 5_000;

export interface FolderRef {
  account: string;
  folder: string;
  uidValidity: string;
}

/** Where a message's row was, so its place is held (no jump of the rows below) while Undo is offered. */
export interface Slot {
  index: number;
  height: number;
}

export type PendingUndo =
  | (FolderRef & { kind: 'markAllRead'; uids: number[] })
  | (FolderRef & {
      kind: 'move';
      action: MoveAction | 'archiveRead';
      uids: number[];
      slot?: Slot;
      /** The host's reply, which says where each message went (what undo needs). */
      reply: Promise<HostReply>;
      /** archiveRead: how many it moved, and how many read messages are left for another round. */
      count?: number;
      remaining?: number;
      /** A delete on an account without Trash: gone for good once the undo window ends. */
      forGood?: boolean;
    });

export type ActionProblem = Problem & { account?: string };

export interface MailActions {
  /** The last refusal, shown inline until the next action or until dismissed. */
  problem: ActionProblem | undefined;
  undo: PendingUndo | undefined;
  mark(target: FolderRef, uid: number, seen: boolean): void;
  markAllRead(target: FolderRef, unreadUids: number[]): void;
  star(target: FolderRef, uid: number, flagged: boolean): void;
  move(target: FolderRef, uid: number, action: MoveAction, slot?: Slot): void;
  archiveRead(target: FolderRef): void;
  save(target: FolderRef, preview: Preview): void;
  /** Takes back the last undoable action while it is offered. */
  undoLast(): void;
  dismissProblem(): void;
}

export function useMailActions(): MailActions {
  const [problem, setProblem] = useState<ActionProblem>();
  const [undo, setUndoState] = useState<PendingUndo>();
  const undoTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const setUndo = (pending: PendingUndo | undefined) => {
    clearTimeout(undoTimer.current);
    setUndoState(pending);
    if (pending) undoTimer.current = setTimeout(() => setUndoState((current) => (current === pending ? undefined : current)), UNDO_MS);
  };

  /** Sends a request; a refusal is shown (with its account, for a fix that opens its options) and dropped from undo. */
  const send = async (request: HostRequest | Promise<HostReply>, account?: string): Promise<HostReply> => {
    setProblem(undefined);
    const reply = await ('type' in request ? askHost(request) : request);
    if (reply.type === 'error') setProblem({ ...reply.problem, ...(account ? { account } : {}) });
    return reply;
  };

  const moveAway = (target: FolderRef, request: HostRequest, action: MoveAction | 'archiveRead', uids: number[], slot?: Slot) => {
    const reply = askHost(request);
    const pending: PendingUndo = { kind: 'move', ...target, action, uids, reply, ...(slot ? { slot } : {}) };
    setUndo(pending);
    void send(reply, target.account).then((answer) => {
      if (answer.type !== 'moved') return setUndoState((current) => (current === pending ? undefined : current));
      // "Archive read" learns only now how many it moved (with none, there is nothing to undo); a delete, whether
      // the account had a Trash to move to.
      const done: PendingUndo =
        action === 'archiveRead'
          ? { ...pending, count: answer.moved.length, remaining: answer.remaining ?? 0 }
          : { ...pending, forGood: answer.moved.some((entry) => !entry.to) };
      const keep = action !== 'archiveRead' || answer.moved.length > 0;
      setUndoState((current) => (current === pending ? (keep ? done : undefined) : current));
    });
  };

  return {
    problem,
    undo,
    mark(target, uid, seen) {
      void send({ type: seen ? 'markRead' : 'markUnread', ...target, uids: [uid] });
    },
    markAllRead(target, unreadUids) {
      // Undo restores the previewed messages only: older unread messages beyond the preview list cannot be
      // marked unread again by UID, because the popup never knew their UIDs.
      const pending: PendingUndo = { kind: 'markAllRead', ...target, uids: unreadUids };
      setUndo(unreadUids.length > 0 ? pending : undefined);
      void send({ type: 'markAllRead', ...target }).then((reply) => {
        if (reply.type === 'error') setUndoState((current) => (current === pending ? undefined : current));
      });
    },
    star(target, uid, flagged) {
      void send({ type: 'setFlagged', ...target, uids: [uid], flagged });
    },
    move(target, uid, action, slot) {
      moveAway(target, { type: 'moveMessages', ...target, uids: [uid], action }, action, [uid], slot);
    },
    archiveRead(target) {
      moveAway(target, { type: 'archiveRead', ...target }, 'archiveRead', []);
    },
    save(target, preview) {
      void send(askWorker({ type: 'saveMessage', ...target, uid: preview.uid, subject: preview.subject }), target.account);
    },
    undoLast() {
      const pending = undo;
      if (!pending) return;
      setUndo(undefined);
      const { account, folder, uidValidity } = pending;
      if (pending.kind === 'markAllRead') {
        void send({ type: 'markUnread', account, folder, uidValidity, uids: pending.uids });
        return;
      }
      void pending.reply.then((reply) => {
        const moved: MovedMessage[] = reply.type === 'moved' ? reply.moved : [];
        if (moved.length) void send({ type: 'undoMove', account, folder, uidValidity, moved }, account);
      });
    },
    dismissProblem() {
      setProblem(undefined);
    },
  };
}
