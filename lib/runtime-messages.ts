// Messages from the popup and options pages to the background worker, checked on arrival like host messages.
import * as z from 'zod';
import {
  DiscoverRequest,
  GetStateRequest,
  ListFoldersRequest,
  MarkAllReadRequest,
  MarkReadRequest,
  MarkUnreadRequest,
  RefreshRequest,
  RemoveAccountRequest,
  SaveAccountRequest,
  StartSignInRequest,
  TestAccountRequest,
} from './protocol';
import { ArchiveReadRequest, MoveMessagesRequest, SetFlaggedRequest, UndoMoveRequest } from './protocol-actions';
import { AccountName, FolderName, Uid, UidValidity } from './names';

export const RefreshMessage = z.object({ type: z.literal('refresh'), account: AccountName.optional() });

/** A host request a page asks the worker to send; the worker adds the id and answers with the host's reply. */
export const HostRequest = z.discriminatedUnion('type', [
  GetStateRequest.omit({ id: true }),
  RefreshRequest.omit({ id: true }),
  MarkReadRequest.omit({ id: true }),
  MarkUnreadRequest.omit({ id: true }),
  MarkAllReadRequest.omit({ id: true }),
  ListFoldersRequest.omit({ id: true }),
  SaveAccountRequest.omit({ id: true }),
  RemoveAccountRequest.omit({ id: true }),
  TestAccountRequest.omit({ id: true }),
  DiscoverRequest.omit({ id: true }),
  StartSignInRequest.omit({ id: true }),
  MoveMessagesRequest.omit({ id: true }),
  ArchiveReadRequest.omit({ id: true }),
  UndoMoveRequest.omit({ id: true }),
  SetFlaggedRequest.omit({ id: true }),
]);
export type HostRequest = z.infer<typeof HostRequest>;

export const HostRequestMessage = z.object({ type: z.literal('host'), request: HostRequest });

/** Save as .eml: the worker fetches the message from the host in chunks and hands it to the downloads API. */
export const SaveMessageMessage = z.object({
  type: z.literal('saveMessage'),
  account: AccountName,
  folder: FolderName,
  uidValidity: UidValidity,
  uid: Uid,
  /** The file is named after it (made safe by the worker). */
  subject: z.string().max(1000),
});
export type SaveMessageMessage = z.infer<typeof SaveMessageMessage>;

export const PageToWorker = z.discriminatedUnion('type', [RefreshMessage, HostRequestMessage, SaveMessageMessage]);
export type PageToWorker = z.infer<typeof PageToWorker>;
