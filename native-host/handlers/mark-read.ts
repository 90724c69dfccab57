// markRead / markUnread / markAllRead: change \Seen on the server by UID, refused if the folder's UIDVALIDITY moved.
import { defineHandler } from './handler';

export const markRead = defineHandler({
  type: 'markRead',
  async handle(request, { sessions }) {
    await sessions.get(request.account).setSeen(request.folder, { kind: 'read', uids: request.uids }, request.uidValidity);
    return { type: 'ok', id: request.id };
  },
});

export const markUnread = defineHandler({
  type: 'markUnread',
  async handle(request, { sessions }) {
    await sessions.get(request.account).setSeen(request.folder, { kind: 'unread', uids: request.uids }, request.uidValidity);
    return { type: 'ok', id: request.id };
  },
});

export const markAllRead = defineHandler({
  type: 'markAllRead',
  async handle(request, { sessions }) {
    await sessions.get(request.account).setSeen(request.folder, { kind: 'all-read' }, request.uidValidity);
    return { type: 'ok', id: request.id };
  },
});
