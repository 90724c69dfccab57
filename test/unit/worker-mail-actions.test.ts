// The worker's part in archive, delete, spam, undo and save as .eml, with WXT's fake browser and a fake helper behind
// runtime.connectNative: the list and the badge change at once, a refusal is put back, undo restores the message, and
// a saved message reaches the downloads API byte for byte, or not at all.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AccountView, HostToExtension } from '../../lib/protocol';
import { SAVE_CHUNK_BYTES } from '../../lib/protocol-actions';
import type { PageToWorker } from '../../lib/runtime-messages';
import { extensionState } from '../../lib/storage';
import { startWorker } from '../../lib/worker';
import { english } from '../support/english';
import { FakeHelper, settle, standardAnswer } from '../support/fake-native-port';
import { preview } from '../support/popup-fixtures';

function work(): AccountView {
  return {
    name: 'Work',
    host: 'imap.example.test',
    port: 993,
    security: 'tls',
    user: 'alice',
    folders: ['INBOX'],
    status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' },
    counts: [{ folder: 'INBOX', unseen: 2, total: 3, uidValidity: '7' }],
    previews: [{ folder: 'INBOX', uidValidity: '7', previews: [preview(12, 'Newest news'), preview(11, 'Older news')] }],
  };
}

const fromPage = (message: PageToWorker) => browser.runtime.sendMessage(message) as Promise<HostToExtension>;
const shownUids = async () => (await extensionState.getValue()).accounts[0]!.previews[0]!.previews.map((p) => p.uid);

let helper: FakeHelper;
let download: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Mailbadge', version: '0.1.0' });
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english as typeof fakeBrowser.i18n.getMessage);
  // The fake browser has no downloads API: this stands in for Chrome's, recording what it was given.
  download = vi.fn(async () => 1);
  (fakeBrowser as unknown as { downloads: unknown }).downloads = { download };
  helper = new FakeHelper().install();
  helper.accounts = [work()];
  startWorker();
  await settle();
});
afterEach(async () => {
  // Let the worker finish repainting the badge before the i18n mock it uses goes away.
  await settle();
  vi.restoreAllMocks();
});

describe('moves through the worker', () => {
  it('takes an archived message out of the list and the badge at once, and undo puts it back with its new UID', async () => {
    let resolveMove: (() => void) | undefined;
    helper.answer = (request, h) => {
      if (request.type === 'moveMessages') {
        // The host answers later: the prediction must show before.
        const answer = { type: 'moved', id: request.id, account: 'Work', folder: 'INBOX', moved: [{ uid: 12, to: 'Archive', newUid: 40, toUidValidity: '9', seen: false }] };
        resolveMove = () => h.port.push(answer);
        return [];
      }
      if (request.type === 'undoMove') return [{ type: 'moved', id: request.id, account: 'Work', folder: 'INBOX', moved: [{ uid: 12, to: 'INBOX', newUid: 13, seen: false }] }];
      return standardAnswer(request, h);
    };
    const moved = fromPage({ type: 'host', request: { type: 'moveMessages', account: 'Work', folder: 'INBOX', uidValidity: '7', uids: [12], action: 'archive' } });
    await settle();
    expect(await shownUids()).toEqual([11]);
    expect(await browser.action.getBadgeText({})).toBe('1');
    resolveMove!();
    const reply = await moved;
    if (reply.type !== 'moved') throw new Error(`expected a moved reply, got ${reply.type}`);
    expect(reply.moved).toEqual([{ uid: 12, to: 'Archive', newUid: 40, toUidValidity: '9', seen: false }]);

    const undone = await fromPage({ type: 'host', request: { type: 'undoMove', account: 'Work', folder: 'INBOX', uidValidity: '7', moved: reply.moved } });
    expect(undone.type).toBe('moved');
    await settle();
    expect(await shownUids()).toEqual([13, 11]);
    expect(await browser.action.getBadgeText({})).toBe('2');
  });

  it('asks the host for the truth when it refuses a move, so the message comes back', async () => {
    helper.answer = (request, h) =>
      request.type === 'moveMessages' ? [{ type: 'error', id: request.id, problem: { code: 'MESSAGE_GONE', message: 'gone' } }] : standardAnswer(request, h);
    const before = helper.requestsOf('getState').length;
    const reply = await fromPage({ type: 'host', request: { type: 'moveMessages', account: 'Work', folder: 'INBOX', uidValidity: '7', uids: [12], action: 'delete' } });
    expect(reply).toMatchObject({ type: 'error', problem: { code: 'MESSAGE_GONE' } });
    await settle();
    expect(helper.requestsOf('getState').length - before).toBe(1);
    expect(await shownUids()).toEqual([12, 11]);
    expect(await browser.action.getBadgeText({})).toBe('2');
  });

  it('shows a star at once', async () => {
    await fromPage({ type: 'host', request: { type: 'setFlagged', account: 'Work', folder: 'INBOX', uidValidity: '7', uids: [11], flagged: true } });
    const previews = (await extensionState.getValue()).accounts[0]!.previews[0]!.previews;
    expect(previews.map((p) => p.flagged)).toEqual([false, true]);
  });
});

describe('save as .eml through the worker', () => {
  /** The helper answers saveMessage with these chunks (base64) and a 'saved' reply announcing `announced`. */
  function helperSends(chunks: Buffer[], announced = { chunks: chunks.length, bytes: chunks.reduce((n, c) => n + c.length, 0) }) {
    helper.answer = (request, h) => {
      if (request.type !== 'saveMessage') return standardAnswer(request, h);
      return [
        ...chunks.map((data, index) => ({ type: 'messageChunk', transfer: request.transfer, index, data: data.toString('base64') })),
        { type: 'saved', id: request.id, transfer: request.transfer, ...announced },
      ];
    };
  }
  const save = () => fromPage({ type: 'saveMessage', account: 'Work', folder: 'INBOX', uidValidity: '7', uid: 12, subject: 'Re: Q3 / report?' });

  it('joins the chunks into the exact bytes and downloads them under a safe name', async () => {
    const message = Buffer.from(Array.from({ length: SAVE_CHUNK_BYTES + 1000 }, (_, i) => (i * 7) % 256));
    helperSends([message.subarray(0, SAVE_CHUNK_BYTES), message.subarray(SAVE_CHUNK_BYTES)]);
    expect(await save()).toMatchObject({ type: 'ok' });
    expect(download).toHaveBeenCalledTimes(1);
    const { url, filename, conflictAction } = download.mock.calls[0]![0] as { url: string; filename: string; conflictAction: string };
    expect(filename).toBe('Re_ Q3 _ report_.eml');
    expect(conflictAction).toBe('uniquify');
    expect(url.startsWith('data:message/rfc822;base64,')).toBe(true);
    expect(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64').equals(message)).toBe(true);
    expect(helper.requestsOf('saveMessage')[0]).toMatchObject({ account: 'Work', folder: 'INBOX', uidValidity: '7', uid: 12, transfer: expect.stringMatching(/^[A-Za-z0-9-]{8,64}$/) });
  });

  it('downloads nothing when a chunk is missing, and says the message arrived incomplete', async () => {
    const chunk = Buffer.alloc(SAVE_CHUNK_BYTES, 1);
    helperSends([chunk], { chunks: 2, bytes: SAVE_CHUNK_BYTES + 5 });
    expect(await save()).toMatchObject({ type: 'error', problem: { code: 'INTERNAL', message: expect.stringContaining('arrived incomplete (1 of 2 parts') } });
    expect(download).not.toHaveBeenCalled();
  });

  it('passes a refusal on as it is', async () => {
    helper.answer = (request, h) =>
      request.type === 'saveMessage' ? [{ type: 'error', id: request.id, problem: { code: 'MESSAGE_TOO_LARGE', message: 'too large' } }] : standardAnswer(request, h);
    expect(await save()).toMatchObject({ type: 'error', problem: { code: 'MESSAGE_TOO_LARGE' } });
    expect(download).not.toHaveBeenCalled();
  });
});
