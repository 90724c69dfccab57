// moveMessages / archiveRead / undoMove / setFlagged / saveMessage: act on mail from the popup and notifications,
// on the account's live session.
import { defineHandler } from './handler';

export const moveMessages = defineHandler({
  type: 'moveMessages',
  async handle(request, { sessions }) {
    const { moved } = await sessions.get(request.account).actions.move(request.folder, request.uidValidity, request.uids, request.action);
    return { type: 'moved', id: request.id, account: request.account, folder: request.folder, moved };
  },
});

export const archiveRead = defineHandler({
  type: 'archiveRead',
  async handle(request, { sessions }) {
    const { moved, remaining } = await sessions.get(request.account).actions.archiveRead(request.folder, request.uidValidity);
    return { type: 'moved', id: request.id, account: request.account, folder: request.folder, moved, remaining: remaining ?? 0 };
  },
});

export const undoMove = defineHandler({
  type: 'undoMove',
  async handle(request, { sessions }) {
    const moved = await sessions.get(request.account).actions.undo(request.folder, request.uidValidity, request.moved);
    return { type: 'moved', id: request.id, account: request.account, folder: request.folder, moved };
  },
});

export const setFlagged = defineHandler({
  type: 'setFlagged',
  async handle(request, { sessions }) {
    await sessions.get(request.account).actions.setFlagged(request.folder, request.uidValidity, request.uids, request.flagged);
    return { type: 'ok', id: request.id };
  },
});

/** The chunks go out as they arrive from the server, each its own frame; the reply says how many to expect. */
export const saveMessage = defineHandler({
  type: 'saveMessage',
  async handle(request, { sessions, emit }) {
    const { transfer } = request;
    const saved = await sessions.get(request.account).actions.save(request.folder, request.uidValidity, request.uid, (index, data) =>
      emit({ type: 'messageChunk', transfer, index, data: data.toString('base64') }),
    );
    return { type: 'saved', id: request.id, transfer, bytes: saved.bytes, chunks: saved.chunks };
  },
});
