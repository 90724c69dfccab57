// The pages' one way to the host: through the worker, with the reply's outline checked and failures turned into problems.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { askHost, sendHostRequest, unexpectedReply } from '../../components/host-requests';

let answer: (message: unknown) => unknown;
let received: unknown[];

beforeEach(() => {
  fakeBrowser.reset();
  received = [];
  answer = () => ({ type: 'ok', id: 'w1' });
  fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
    received.push(message);
    return answer(message);
  });
});

describe('page requests to the host', () => {
  it('wraps the request for the worker and resolves with the host reply', async () => {
    answer = () => ({ type: 'folders', id: 'w1', folders: [] });
    expect(await askHost({ type: 'listFolders', account: 'Work' })).toEqual({ type: 'folders', id: 'w1', folders: [] });
    expect(received).toEqual([{ type: 'host', request: { type: 'listFolders', account: 'Work' } }]);
  });

  it('reduces a reply to done or the problem to show', async () => {
    expect(await sendHostRequest({ type: 'refresh' })).toBeUndefined();
    answer = () => ({ type: 'error', id: 'w1', problem: { code: 'AUTH_FAILED', message: 'no' } });
    expect(await sendHostRequest({ type: 'refresh' })).toEqual({ code: 'AUTH_FAILED', message: 'no' });
  });

  it('turns something that is not a reply into BAD_MESSAGE, and an error without a code into INTERNAL', async () => {
    answer = () => 'hello';
    expect(await askHost({ type: 'getState' })).toMatchObject({ type: 'error', problem: { code: 'BAD_MESSAGE' } });
    answer = () => ({ type: 'launchMissiles' });
    expect(await askHost({ type: 'getState' })).toMatchObject({ type: 'error', problem: { code: 'BAD_MESSAGE' } });
    answer = () => ({ type: 'error', problem: {} });
    expect(await askHost({ type: 'getState' })).toMatchObject({ type: 'error', problem: { code: 'INTERNAL' } });
  });

  it('says the helper stopped when the worker cannot be reached', async () => {
    fakeBrowser.runtime.onMessage.removeAllListeners();
    expect(await askHost({ type: 'getState' })).toMatchObject({ type: 'error', problem: { code: 'HOST_EXITED' } });
  });

  it('names an unexpected reply type as the problem', () => {
    expect(unexpectedReply({ type: 'ok', id: 'w1' })).toEqual({ code: 'BAD_MESSAGE', message: 'Unexpected reply "ok".' });
  });
});
