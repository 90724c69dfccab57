// The one list of request handlers: adding a request type means adding its module here.
import getState from './get-state';
import type { RequestHandler } from './handler';
import hello from './hello';
import refresh from './refresh';
import type { RequestType } from '../../lib/protocol';

type HandlerTable = { [T in RequestType]: RequestHandler<T> };

export const handlers: HandlerTable = {
  hello,
  getState,
  refresh,
};
