// The one list of request handlers: adding a request type means adding its module here.
import type { RequestType } from '../../lib/protocol';
import { removeAccountHandler, saveAccountHandler, testAccountHandler } from './accounts';
import discover from './discover';
import getState from './get-state';
import type { RequestHandler } from './handler';
import hello from './hello';
import listFolders from './list-folders';
import { archiveRead, moveMessages, saveMessage, setFlagged, undoMove } from './mail-actions';
import { markAllRead, markRead, markUnread } from './mark-read';
import refresh from './refresh';
import startSignIn from './sign-in';

type HandlerTable = { [T in RequestType]: RequestHandler<T> };

export const handlers: HandlerTable = {
  hello,
  getState,
  refresh,
  markRead,
  markUnread,
  markAllRead,
  listFolders,
  saveAccount: saveAccountHandler,
  removeAccount: removeAccountHandler,
  testAccount: testAccountHandler,
  discover,
  startSignIn,
  moveMessages,
  archiveRead,
  undoMove,
  setFlagged,
  saveMessage,
};
