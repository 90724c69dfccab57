// The popup's read/unread actions: each sends one host request; the worker updates the state optimistically.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../../lib/protocol';
import type { HostRequest } from '../../lib/runtime-messages';
import { sendHostRequest } from '../host-requests';

/** How long "Undo" stays after "Mark all read". */
export const UNDO_MS = 5_000;

export interface FolderRef {
  account: string;
  folder: string;
  uidValidity: string;
}

export interface PendingUndo extends FolderRef {
  uids: number[];
}

export interface MailActions {
  /** The last refusal, shown inline until the next action or until dismissed. */
  problem: Problem | undefined;
  undo: PendingUndo | undefined;
  mark(target: FolderRef, uid: number, seen: boolean): void;
  markAllRead(target: FolderRef, unreadUids: number[]): void;
  undoMarkAllRead(): void;
  dismissProblem(): void;
}

export function useMailActions(): MailActions {
  const [problem, setProblem] = useState<Problem>();
  const [undo, setUndo] = useState<PendingUndo>();
  const undoTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(undoTimer.current), []);

  const clearUndo = () => {
    clearTimeout(undoTimer.current);
    setUndo(undefined);
  };

  const send = async (request: HostRequest): Promise<boolean> => {
    setProblem(undefined);
    const refused = await sendHostRequest(request);
    if (refused) setProblem(refused);
    return !refused;
  };

  return {
    problem,
    undo,
    mark(target, uid, seen) {
      void send({ type: seen ? 'markRead' : 'markUnread', ...target, uids: [uid] });
    },
    markAllRead(target, unreadUids) {
      clearUndo();
      // Undo restores the previewed messages only: older unread messages beyond the preview list cannot be
      // marked unread again by UID, because the popup never knew their UIDs.
      if (unreadUids.length > 0) {
        const pending = { ...target, uids: unreadUids };
        setUndo(pending);
        undoTimer.current = setTimeout(() => setUndo((current) => (current === pending ? undefined : current)), UNDO_MS);
      }
      void send({ type: 'markAllRead', ...target }).then((done) => {
        if (!done) clearUndo();
      });
    },
    undoMarkAllRead() {
      if (!undo) return;
      const { uids, ...target } = undo;
      clearUndo();
      void send({ type: 'markUnread', ...target, uids });
    },
    dismissProblem() {
      setProblem(undefined);
    },
  };
}
