import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameTooLargeError } from '../../native-host/messaging/framing';

const frameOf = (message: unknown) => encodeFrame(message, Number.MAX_SAFE_INTEGER);

describe('native-messaging framing', () => {
  it('encodes a 4-byte little-endian length followed by UTF-8 JSON', () => {
    const frame = encodeFrame({ type: 'ok', id: 'ä' });
    const body = JSON.stringify({ type: 'ok', id: 'ä' });
    expect(frame.readUInt32LE(0)).toBe(Buffer.byteLength(body));
    expect(frame.subarray(4).toString('utf8')).toBe(body);
  });

  it('decodes a frame split across many chunks, byte by byte', () => {
    const decoder = new FrameDecoder();
    const frame = frameOf({ type: 'hello', id: '1', text: 'grüße' });
    const decoded = [];
    for (const byte of frame) decoded.push(...decoder.push(Buffer.from([byte])));
    expect(decoded).toEqual([{ ok: true, value: { type: 'hello', id: '1', text: 'grüße' } }]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('decodes several frames joined in one chunk, keeping a trailing partial frame for later', () => {
    const decoder = new FrameDecoder();
    const third = frameOf({ n: 3 });
    const chunk = Buffer.concat([frameOf({ n: 1 }), frameOf({ n: 2 }), third.subarray(0, 5)]);
    expect(decoder.push(chunk).map((f) => (f.ok ? f.value : f))).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decoder.push(third.subarray(5))).toEqual([{ ok: true, value: { n: 3 } }]);
  });

  it('reports a frame that is not JSON and goes on with the next one', () => {
    const decoder = new FrameDecoder();
    const garbage = Buffer.from('{not json');
    const header = Buffer.alloc(4);
    header.writeUInt32LE(garbage.length);
    const frames = decoder.push(Buffer.concat([header, garbage, frameOf({ ok: 1 })]));
    expect(frames[0]).toMatchObject({ ok: false, reason: 'invalid-json' });
    expect(frames[1]).toEqual({ ok: true, value: { ok: 1 } });
  });

  it('skips a frame over its limit as it streams in (split anywhere), reports it once, and decodes the next one', () => {
    const decoder = new FrameDecoder(10);
    const big = frameOf('y'.repeat(30));
    const next = frameOf({ n: 2 });
    const stream = Buffer.concat([big, next]);
    const decoded = [];
    for (let at = 0; at < stream.length; at += 7) decoded.push(...decoder.push(stream.subarray(at, at + 7)));
    expect(decoded).toEqual([{ ok: false, reason: 'too-large', bytes: 32, limit: 10 }, { ok: true, value: { n: 2 } }]);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('refuses a garbage length over the 64 MB a browser can send and stays failed', () => {
    const decoder = new FrameDecoder();
    const header = Buffer.alloc(4);
    header.writeUInt32LE(0xffffffff);
    expect(decoder.push(Buffer.concat([frameOf({ n: 0 }), header]))).toEqual([
      { ok: true, value: { n: 0 } },
      { ok: false, reason: 'stream-lost', error: expect.any(FrameTooLargeError) },
    ]);
    expect(() => decoder.push(frameOf({ n: 1 }))).toThrow(FrameTooLargeError);
  });

  it('accepts a frame of exactly the limit', () => {
    const decoder = new FrameDecoder(20);
    const body = Buffer.from(JSON.stringify('x'.repeat(18)));
    const header = Buffer.alloc(4);
    header.writeUInt32LE(body.length);
    expect(body.length).toBe(20);
    expect(decoder.push(Buffer.concat([header, body]))).toEqual([{ ok: true, value: 'x'.repeat(18) }]);
  });

  it('refuses to encode a host→browser message over 1 MB', () => {
    expect(() => encodeFrame({ blob: 'x'.repeat(1024 * 1024) })).toThrow(/exceeds the 1048576-byte limit/);
    expect(encodeFrame({ blob: 'x'.repeat(1024 * 1024 - 20) }).length).toBeLessThanOrEqual(1024 * 1024 + 4);
  });
});
