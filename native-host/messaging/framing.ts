// Native-messaging framing: a 4-byte little-endian length, then that many bytes of UTF-8 JSON.
import { BROWSER_FRAME_CEILING_BYTES, MAX_BROWSER_TO_HOST_BYTES, MAX_HOST_TO_BROWSER_BYTES } from '../../lib/protocol';

export class FrameTooLargeError extends Error {
  constructor(readonly bytes: number, readonly limit: number) {
    super(`A native-messaging frame of ${bytes} bytes exceeds the ${limit}-byte limit`);
  }
}

/** Encodes one outgoing message; refuses frames the browser would drop (1 MB host → browser). */
export function encodeFrame(message: unknown, limit = MAX_HOST_TO_BROWSER_BYTES): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > limit) throw new FrameTooLargeError(body.length, limit);
  const header = Buffer.alloc(4);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

export type DecodedFrame =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'invalid-json'; error: string }
  /** Longer than the decoder accepts: its bytes were skipped as they came, never held. */
  | { ok: false; reason: 'too-large'; bytes: number; limit: number }
  /** A length no browser sends: frame boundaries are lost, nothing after this can be read. Always the last result. */
  | { ok: false; reason: 'stream-lost'; error: FrameTooLargeError };

/**
 * Streaming decoder: chunks may split a frame anywhere or hold several frames.
 * A frame over `limit` (but within what a browser can send) is skipped as it streams in and reported once, so
 * the stream stays in step and memory stays bounded by the limit. A length beyond `ceiling` cannot come from a
 * browser: the stream can no longer be trusted, so the decoder ends with a 'stream-lost' result (after the frames
 * before it) and throws FrameTooLargeError on any later push.
 * A frame that is not JSON is reported and skipped.
 */
export class FrameDecoder {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  /** Bytes of a refused frame still to be thrown away. */
  private skipping = 0;
  private failed: FrameTooLargeError | undefined;

  constructor(
    private readonly limit = MAX_BROWSER_TO_HOST_BYTES,
    private readonly ceiling = Math.max(limit, BROWSER_FRAME_CEILING_BYTES),
  ) {}

  push(chunk: Buffer): DecodedFrame[] {
    if (this.failed) throw this.failed;
    const frames: DecodedFrame[] = [];
    if (this.skipping > 0) {
      const dropped = Math.min(this.skipping, chunk.length);
      this.skipping -= dropped;
      chunk = chunk.subarray(dropped);
    }
    if (chunk.length === 0) return frames;
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    for (;;) {
      if (this.bufferedBytes < 4) break;
      const length = this.peek(4).readUInt32LE(0);
      if (length > this.ceiling) {
        this.failed = new FrameTooLargeError(length, this.ceiling);
        this.buffered = [];
        this.bufferedBytes = 0;
        frames.push({ ok: false, reason: 'stream-lost', error: this.failed });
        return frames;
      }
      if (length > this.limit) {
        this.take(4);
        const dropped = Math.min(length, this.bufferedBytes);
        this.take(dropped);
        this.skipping = length - dropped;
        frames.push({ ok: false, reason: 'too-large', bytes: length, limit: this.limit });
        if (this.skipping > 0) break;
        continue;
      }
      if (this.bufferedBytes < 4 + length) break;
      const frame = this.take(4 + length).subarray(4);
      frames.push(parseJson(frame));
    }
    return frames;
  }

  /** Bytes of an unfinished frame still waiting for more input. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }

  private peek(bytes: number): Buffer {
    if (this.buffered[0]!.length < bytes) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0]!.subarray(0, bytes);
  }

  private take(bytes: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const taken = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.buffered = rest.length ? [rest] : [];
    this.bufferedBytes = rest.length;
    return taken;
  }
}

function parseJson(frame: Buffer): DecodedFrame {
  try {
    return { ok: true, value: JSON.parse(frame.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, reason: 'invalid-json', error: error instanceof Error ? error.message : String(error) };
  }
}
