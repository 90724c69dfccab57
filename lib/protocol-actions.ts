// The protocol's messages for acting on mail from the popup and notifications: move (archive, delete, spam) and its
// undo, star, and save as .eml; lib/protocol.ts puts them into its unions.
import * as z from 'zod';
import { AccountName, FolderName, RequestId, Uid, UidValidity } from './names';

/** One request moves at most this many messages, so its reply (one entry each, for undo) stays far below 1 MB. */
export const MAX_MOVE_UIDS = 1000;

/**
 * Save as .eml sends the message in chunks of this many bytes: a multiple of 3, so the base64 of the chunks can be
 * joined as they are, and small enough that one chunk's frame (768 KB of base64 plus a little JSON) stays under the
 * 1 MB that native messaging allows towards the browser.
 */
export const SAVE_CHUNK_BYTES = 576 * 1024;

/** The largest message "save as .eml" accepts; the worker holds it in memory to hand it to the downloads API. */
export const MAX_SAVE_BYTES = 50 * 1024 * 1024;

/** What a move does: archive to \Archive (or the folder the user picked), delete to \Trash, spam to \Junk. */
export const MoveAction = z.enum(['archive', 'delete', 'spam']);
export type MoveAction = z.infer<typeof MoveAction>;

const Target = { account: AccountName, folder: FolderName, uidValidity: UidValidity };
const Uids = z.array(Uid).min(1).max(MAX_MOVE_UIDS);

/** One message an action moved (or deleted where it was), with what undo needs to put it back. */
export const MovedMessage = z.object({
  /** Its UID in the folder it was taken from. */
  uid: Uid,
  /** The folder it went to; absent when it was deleted where it was (the account has no Trash). */
  to: FolderName.optional(),
  /** Its UID in `to`, as the server said in COPYUID (servers with UIDPLUS). */
  newUid: Uid.optional(),
  /** UIDVALIDITY of `to` at the time, which newUid needs to mean anything. */
  toUidValidity: UidValidity.optional(),
  /** Its Message-ID, to find it again in `to` when the server gave no new UID. */
  messageId: z.string().max(998).optional(),
  /** The original is still in the folder, flagged \Deleted (and \Seen): without UIDPLUS nothing is ever expunged. */
  kept: z.boolean().optional(),
  /** Whether it was \Seen before, so undo can take back a \Seen the host added. */
  seen: z.boolean(),
});
export type MovedMessage = z.infer<typeof MovedMessage>;

export const MoveMessagesRequest = z.object({ type: z.literal('moveMessages'), id: RequestId, ...Target, uids: Uids, action: MoveAction });
/** Archives the folder's read messages (at most MAX_MOVE_UIDS per request; the reply says how many remain). */
export const ArchiveReadRequest = z.object({ type: z.literal('archiveRead'), id: RequestId, ...Target });
/** Puts back what a move reply listed; `folder` and `uidValidity` are those of the folder they came from. */
export const UndoMoveRequest = z.object({ type: z.literal('undoMove'), id: RequestId, ...Target, moved: z.array(MovedMessage).min(1).max(MAX_MOVE_UIDS) });
export const SetFlaggedRequest = z.object({ type: z.literal('setFlagged'), id: RequestId, ...Target, uids: Uids, flagged: z.boolean() });

/** Names the chunks of one save; chosen by the extension so it can collect them before the reply arrives. */
export const TransferId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
export const SaveMessageRequest = z.object({ type: z.literal('saveMessage'), id: RequestId, ...Target, uid: Uid, transfer: TransferId });

/**
 * The answer to moveMessages, archiveRead and undoMove. For a move, `folder` is where the messages were and each entry
 * says where one went; for an undo, `folder` is where they are back and `newUid` each one's UID there.
 */
export const MovedReply = z.object({
  type: z.literal('moved'),
  id: RequestId,
  account: AccountName,
  folder: FolderName,
  moved: z.array(MovedMessage).max(MAX_MOVE_UIDS),
  /** archiveRead only: read messages still in the folder, for another round. */
  remaining: z.number().int().nonnegative().optional(),
});
export type MovedReply = z.infer<typeof MovedReply>;

/** One piece of a message being saved, in order; a frame of its own so that no frame passes 1 MB. */
export const MessageChunkEvent = z.object({
  type: z.literal('messageChunk'),
  transfer: TransferId,
  index: z.number().int().nonnegative().max(Math.ceil(MAX_SAVE_BYTES / SAVE_CHUNK_BYTES)),
  data: z.base64().max((SAVE_CHUNK_BYTES / 3) * 4),
});
export type MessageChunkEvent = z.infer<typeof MessageChunkEvent>;

/** Sent after the last chunk: how many chunks and bytes the message has, so the extension can check it got them all. */
export const SavedReply = z.object({
  type: z.literal('saved'),
  id: RequestId,
  transfer: TransferId,
  bytes: z.number().int().nonnegative().max(MAX_SAVE_BYTES),
  chunks: z.number().int().nonnegative(),
});
export type SavedReply = z.infer<typeof SavedReply>;
