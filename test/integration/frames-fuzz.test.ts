// The built host under the launcher's V8 flags, fed thousands of generated frames (random JSON, mutated requests,
// deep nesting, invalid UTF-8, lengths at the limit) in random pieces: every frame gets exactly one reply, the host
// ends with a last error frame on a length no browser sends, and its memory stays bounded.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension, MAX_BROWSER_TO_HOST_BYTES, MAX_HOST_TO_BROWSER_BYTES } from '../../lib/protocol';
import { recordFigure } from '../support/figures';
import { chunked, cutPoints, frame, frameBody, toJsonText } from '../support/frame-arbitraries';
import { makeConfigDir } from '../support/host';
import { NativeClient } from '../support/native-client';

const LONG = process.env.MAILBADGE_LONG_FUZZ === '1';
/** Frames per run: a CI-sized run by default, a soak with MAILBADGE_LONG_FUZZ=1. */
const PROCESS_FRAMES = LONG ? 100_000 : 3_000;
/** Peak RSS allowed while being fuzzed (the host idles around 70 MB). */
const RSS_BOUND = 160 * 1024 * 1024;
const EVENTS = new Set(['accountStatus', 'folderCounts', 'previews']);

let env: Awaited<ReturnType<typeof makeConfigDir>>;
beforeAll(async () => {
  env = await makeConfigDir();
});
afterAll(async () => {
  await env?.remove();
});

/** Frames of a run: generated bodies, plus bodies exactly at and one byte over the limit. */
function framesOfRun(seed: number, count: number): Buffer[] {
  const bodies = fc.sample(frameBody, { numRuns: count - 2, seed });
  const padded = (bytes: number) => Buffer.from(toJsonText({ type: 'hello', id: `pad${bytes}`, extensionVersion: '0.1.0', pad: 'x'.repeat(bytes - 70) }).padEnd(bytes, ' '));
  const at = padded(MAX_BROWSER_TO_HOST_BYTES);
  const over = padded(MAX_BROWSER_TO_HOST_BYTES + 1);
  expect([at.length, over.length]).toEqual([MAX_BROWSER_TO_HOST_BYTES, MAX_BROWSER_TO_HOST_BYTES + 1]);
  return [...bodies.slice(0, count >> 1), at, over, ...bodies.slice(count >> 1)].map((body) => frame(body));
}

describe('the host fed generated frames over stdio', () => {
  it(`answers each of ${PROCESS_FRAMES} frames exactly once, then ends cleanly on a corrupt length`, async () => {
    const seed = Number(process.env.MAILBADGE_FUZZ_SEED ?? Date.now() % 2 ** 31);
    const frames = framesOfRun(seed, PROCESS_FRAMES);
    const host = new NativeClient(env, { launcherFlags: true });
    try {
      const stream = Buffer.concat([...frames, frame(Buffer.alloc(0), 2 ** 32 - 1)]);
      const [cuts] = fc.sample(cutPoints(400), { numRuns: 1, seed });
      // Written in random pieces, yielding between them: frames arrive split, joined and trickled.
      let peak = 0;
      for (const piece of chunked(stream, cuts!)) {
        host.writeBytes(piece);
        await new Promise((resolve) => setImmediate(resolve));
        peak = Math.max(peak, host.peakRss() ?? 0);
      }
      expect(await host.exited, `seed ${seed}: ${host.stderr.slice(-500)}`).toBe(0);
      const replies = host.messages.filter((m) => !EVENTS.has((m as { type?: string }).type ?? ''));
      expect(replies, `seed ${seed}`).toHaveLength(frames.length + 1);
      expect(replies.at(-1), `seed ${seed}`).toMatchObject({ type: 'error', problem: { code: 'BAD_MESSAGE', message: expect.stringContaining('the host stops') } });
      for (const message of host.messages) {
        expect(HostToExtension.safeParse(message).success, `seed ${seed}: ${JSON.stringify(message).slice(0, 300)}`).toBe(true);
        expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(MAX_HOST_TO_BROWSER_BYTES);
      }
      expect(host.stderr, `seed ${seed}`).not.toMatch(/Uncaught|unhandled|RangeError|FATAL/i);
      expect(peak).toBeLessThan(RSS_BOUND);
      recordFigure('frames', 'frames fed to the host process', frames.length + 1);
      recordFigure('frames', 'peak RSS over those frames (MiB)', Math.round(peak / 2 ** 20));
    } finally {
      host.kill();
    }
  }, LONG ? 900_000 : 120_000);

  it('keeps its memory bounded while fed frames: peak RSS under the stated bound', async () => {
    const host = new NativeClient(env, { launcherFlags: true });
    try {
      for (const body of fc.sample(frameBody, { numRuns: 500, seed: 7 })) host.writeRaw(body);
      for (let i = 0; i < 5; i++) host.writeRaw(Buffer.alloc(MAX_BROWSER_TO_HOST_BYTES + 1 + i, 0x20));
      host.send({ type: 'hello', id: 'last', extensionVersion: '0.1.0' });
      await host.waitFor((m) => m.id === 'last', 60_000);
      const peak = host.peakRss();
      expect(peak).toBeDefined();
      expect(peak).toBeLessThan(RSS_BOUND);
      recordFigure('frames', 'peak RSS while fuzzed (MiB)', Math.round(peak! / 2 ** 20));
    } finally {
      host.kill();
    }
  }, 120_000);
});
