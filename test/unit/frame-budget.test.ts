// Every message to the browser fits the 1 MB native-messaging frame, by construction, and says as much as fits.
import { describe, expect, it } from 'vitest';
import { HostToExtension, MAX_HOST_TO_BROWSER_BYTES, type AccountView, type FolderPreviews, type Preview } from '../../lib/protocol';
import { fitToFrame, sizeOf } from '../../native-host/messaging/frame-budget';
import { framesFor } from '../../native-host/messaging/outgoing';

const LIMIT = MAX_HOST_TO_BROWSER_BYTES;
/** A character that takes three bytes in UTF-8 and is no escape in JSON: the worst case per character. */
const WIDE = '\u4e2d';

function preview(folder: string, uid: number): Preview {
  return {
    folder, uid, seen: false, flagged: false, date: '2026-11-26T10:00:00.000Z',
    from: WIDE.repeat(300), fromAddress: `sender${uid}@example.test`, subject: WIDE.repeat(300), snippet: WIDE.repeat(200),
  };
}

function account(name: string, folders: number, previewsPerFolder: number): AccountView {
  const names = Array.from({ length: folders }, (_, i) => `Folder ${i}`);
  return {
    name, host: 'imap.example.test', port: 993, security: 'tls', user: 'u', folders: names,
    status: { state: 'ok', at: '2026-11-26T10:00:00.000Z' },
    counts: names.map((folder) => ({ folder, unseen: previewsPerFolder, total: previewsPerFolder, uidValidity: '7' })),
    previews: names.map((folder): FolderPreviews => ({ folder, uidValidity: '7', previews: Array.from({ length: previewsPerFolder }, (_, i) => preview(folder, i + 1)) })),
  };
}

const valid = (message: HostToExtension) => HostToExtension.safeParse(message).success;

describe('frame budget', () => {
  it('splits a 3 MB state reply: the reply keeps every account and count, the previews that do not fit follow as events', () => {
    const reply: HostToExtension = { type: 'state', id: 's1', accounts: [account('A', 200, 10), account('B', 3, 2)] };
    expect(sizeOf(reply)).toBeGreaterThan(3 * LIMIT);
    const parts = fitToFrame(reply, LIMIT, new Date('2026-11-26T10:00:00Z'));
    for (const part of parts) {
      expect(sizeOf(part)).toBeLessThanOrEqual(LIMIT);
      expect(valid(part)).toBe(true);
    }
    const [first, ...rest] = parts;
    expect(first).toMatchObject({ type: 'state', id: 's1' });
    const state = first as Extract<HostToExtension, { type: 'state' }>;
    expect(state.accounts.map((a) => [a.name, a.counts.length])).toEqual([['A', 200], ['B', 3]]);
    expect(rest.every((part) => part.type === 'previews')).toBe(true);
    // Nothing is lost: each folder's previews are in the reply or in exactly one event.
    const delivered = [
      ...state.accounts.flatMap((a) => a.previews.map((p) => `${a.name}/${p.folder}/${p.previews.length}`)),
      ...rest.map((p) => p.type === 'previews' && `${p.account}/${p.folder}/${p.previews.length}`),
    ].sort();
    const expected = (reply.accounts.flatMap((a) => a.previews.map((p) => `${a.name}/${p.folder}/${p.previews.length}`))).sort();
    expect(delivered).toEqual(expected);
  });

  it('keeps a message of exactly the limit whole, and trims one a byte larger', () => {
    const event = (pad: number): HostToExtension => ({
      type: 'previews', account: 'A'.repeat(pad), folder: 'INBOX', uidValidity: '7', at: '2026-11-26T10:00:00.000Z',
      previews: Array.from({ length: 100 }, (_, i) => preview('INBOX', 100 - i)),
    });
    const pad = LIMIT - sizeOf(event(0));
    expect(sizeOf(event(pad))).toBe(LIMIT);
    expect(fitToFrame(event(pad), LIMIT)).toEqual([event(pad)]);
    const [trimmed, ...more] = fitToFrame(event(pad + 1), LIMIT);
    expect(more).toEqual([]);
    expect(sizeOf(trimmed)).toBeLessThanOrEqual(LIMIT);
    expect(trimmed?.type === 'previews' && trimmed.previews.map((p) => p.uid)).toEqual(Array.from({ length: 99 }, (_, i) => 100 - i));
  });

  it('trims the oldest previews of one folder whose event alone is over the limit', () => {
    const huge = { type: 'previews' as const, account: 'A', folder: 'F'.repeat(1024), uidValidity: '7', at: '2026-11-26T10:00:00.000Z', previews: Array.from({ length: 100 }, (_, i) => preview('F'.repeat(1024), 100 - i)) };
    const [fitted] = fitToFrame(huge, 200_000);
    expect(sizeOf(fitted)).toBeLessThanOrEqual(200_000);
    expect(fitted?.type === 'previews' && fitted.previews[0]!.uid).toBe(100);
    expect(fitted?.type === 'previews' && fitted.previews.length).toBeLessThan(100);
  });

  it('lists the first folders that fit and says how many there were', () => {
    const folders = Array.from({ length: 5000 }, (_, i) => ({ folder: `${WIDE.repeat(100)} ${i}`, name: `${i}`, delimiter: '/', subscribed: true, selectable: true }));
    const [fitted] = fitToFrame({ type: 'folders', id: 'f', folders }, LIMIT);
    expect(sizeOf(fitted)).toBeLessThanOrEqual(LIMIT);
    expect(fitted).toMatchObject({ type: 'folders', truncated: { total: 5000, shown: expect.any(Number) } });
    expect(fitted?.type === 'folders' && fitted.truncated!.shown).toBeLessThan(5000);
  });

  it('replaces a message the extension would reject by an error answering the same request', () => {
    const invalid = { type: 'state', id: 's3', accounts: [{ ...account('A', 1, 0), counts: [{ folder: 'INBOX', unseen: 2 ** 40, total: 0 }] }] } as HostToExtension;
    const frames = framesFor(invalid);
    expect(frames).toHaveLength(1);
    const body = JSON.parse(frames[0]!.subarray(4).toString('utf8')) as unknown;
    expect(body).toMatchObject({ type: 'error', id: 's3', problem: { code: 'INTERNAL', message: expect.stringContaining('accounts.0.counts.0.unseen') } });
  });
});
