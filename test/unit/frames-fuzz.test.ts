// Property tests over the framing decoder and the dispatcher: whatever arrives, in whatever pieces, each complete
// frame yields exactly one result and each request exactly one reply the extension accepts; nothing throws.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension } from '../../lib/protocol';
import type { HandlerContext } from '../../native-host/handlers/handler';
import { dispatch } from '../../native-host/messaging/dispatcher';
import { FrameDecoder, FrameTooLargeError, type DecodedFrame } from '../../native-host/messaging/framing';
import type { SecretStore } from '../../native-host/secrets';
import { SignIns } from '../../native-host/oauth/sign-ins';
import { SessionManager } from '../../native-host/sessions';
import { chunked, cutPoints, frame, frameBody, FUZZ_RUNS, requestText } from '../support/frame-arbitraries';

const LIMIT = 256;
const CEILING = 4096;

/** One frame as sent: its body and the result the decoder must give for it. */
const sentFrame = fc.oneof(
  { weight: 5, arbitrary: frameBody.filter((body) => body.length <= LIMIT) },
  { weight: 1, arbitrary: fc.integer({ min: LIMIT + 1, max: CEILING }).map((size) => Buffer.alloc(size, 0x7b)) },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(LIMIT, 0x20)) },
);

function expected(body: Buffer): DecodedFrame['ok'] | 'too-large' {
  if (body.length > LIMIT) return 'too-large';
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

describe('frame decoder, under any split of any frames', () => {
  it('yields one result per complete frame, in order, holding at most one frame', () => {
    fc.assert(
      fc.property(fc.array(sentFrame, { maxLength: 12 }), cutPoints(30), (bodies, cuts) => {
        const decoder = new FrameDecoder(LIMIT, CEILING);
        const results: DecodedFrame[] = [];
        for (const chunk of chunked(Buffer.concat(bodies.map((body) => frame(body))), cuts)) {
          results.push(...decoder.push(chunk));
          expect(decoder.pendingBytes).toBeLessThanOrEqual(LIMIT + 4 + chunk.length);
        }
        expect(results.map((result) => (result.ok ? true : result.reason === 'too-large' ? 'too-large' : false))).toEqual(bodies.map(expected));
        expect(decoder.pendingBytes).toBe(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('ends, after every frame before it, on a length beyond what a browser sends (2^32-1 included)', () => {
    fc.assert(
      fc.property(fc.array(sentFrame, { maxLength: 4 }), fc.integer({ min: CEILING + 1, max: 2 ** 32 - 1 }), cutPoints(8), (bodies, length, cuts) => {
        const decoder = new FrameDecoder(LIMIT, CEILING);
        const results: DecodedFrame[] = [];
        for (const chunk of chunked(Buffer.concat([...bodies.map((body) => frame(body)), frame(Buffer.alloc(0), length)]), cuts)) {
          if (results.at(-1)?.ok === false && (results.at(-1) as { reason: string }).reason === 'stream-lost') {
            expect(() => decoder.push(chunk)).toThrow(FrameTooLargeError);
            break;
          }
          results.push(...decoder.push(chunk));
        }
        expect(results.slice(0, -1).map((result) => (result.ok ? true : result.reason === 'too-large' ? 'too-large' : false))).toEqual(bodies.map(expected));
        expect(results.at(-1)).toMatchObject({ ok: false, reason: 'stream-lost', error: expect.any(FrameTooLargeError) });
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('dispatcher, under any JSON', () => {
  const secrets: SecretStore = { kind: 'memory', get: async () => 'pw', set: async () => undefined, delete: async () => undefined };
  const sessions = new SessionManager(secrets, { status: () => undefined, counts: () => undefined, previews: () => undefined });
  let context: HandlerContext;
  beforeAll(async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'mailbadge-fuzz-'));
    context = { sessions, hostVersion: '0.0.0-fuzz', configDir, secrets, reloadAccounts: async () => undefined, signIns: new SignIns(configDir, () => undefined), emit: () => undefined };
  });
  afterAll(async () => {
    await sessions.stopAll();
    await rm(context.configDir, { recursive: true, force: true });
  });

  it('answers every request with exactly one reply the extension accepts, echoing a usable id', async () => {
    await fc.assert(
      fc.asyncProperty(requestText, fc.option(fc.string({ minLength: 1, maxLength: 64 }), { nil: undefined }), async (text, id) => {
        const value = JSON.parse(text) as unknown;
        const input = id !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, id } : value;
        const reply = await dispatch(input, context);
        expect(HostToExtension.safeParse(reply).success, JSON.stringify(reply).slice(0, 300)).toBe(true);
        if (input !== value) expect((reply as { id?: string }).id).toBe(id);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
