// The built host under the launcher's own V8 flags (its 48 MB heap), fed frames at and beyond its limits over stdio.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension, MAX_BROWSER_TO_HOST_BYTES } from '../../lib/protocol';
import { makeConfigDir } from '../support/host';
import { NativeClient } from '../support/native-client';

let env: Awaited<ReturnType<typeof makeConfigDir>>;
let client: NativeClient | undefined;

beforeAll(async () => {
  env = await makeConfigDir();
});
afterAll(async () => {
  await env?.remove();
});
afterEach(() => {
  if (!client) return;
  for (const message of client.messages) expect(HostToExtension.safeParse(message).success, JSON.stringify(message).slice(0, 300)).toBe(true);
  client.kill();
  client = undefined;
});

/** A valid hello request padded with an unknown field to exactly `bytes` of JSON. */
function paddedHello(id: string, bytes: number): Buffer {
  const bare = JSON.stringify({ type: 'hello', id, extensionVersion: '0.1.0', pad: '' });
  return Buffer.from(JSON.stringify({ type: 'hello', id, extensionVersion: '0.1.0', pad: 'x'.repeat(bytes - bare.length) }));
}

describe('frames at the host\'s limits, under the launcher\'s heap', () => {
  it('refuses a valid 40 MB request with an error frame and goes on answering (it used to abort the process)', async () => {
    client = new NativeClient(env, { launcherFlags: true });
    client.writeRaw(paddedHello('big', 40 * 1024 * 1024));
    client.send({ type: 'hello', id: 'after', extensionVersion: '0.1.0' });
    expect(await client.waitFor((m) => m.id === 'after', 20_000)).toMatchObject({ type: 'hello' });
    expect(client.messages.find((m) => JSON.stringify(m).includes('exceeds'))).toMatchObject({ type: 'error', problem: { code: 'BAD_MESSAGE' } });
    // The refused frame was skipped as it streamed in, never held whole.
    expect(client.peakRss()).toBeLessThan(120 * 1024 * 1024);
  });

  it('accepts a request of exactly the limit, and refuses one byte more, with half the launcher\'s heap', async () => {
    // Half the heap: the limit leaves at least twice what the largest legal request needs.
    client = new NativeClient(env, { launcherFlags: 'half-heap' });
    client.writeRaw(paddedHello('at', MAX_BROWSER_TO_HOST_BYTES));
    expect(await client.waitFor((m) => m.id === 'at', 20_000)).toMatchObject({ type: 'hello' });
    client.writeRaw(paddedHello('over', MAX_BROWSER_TO_HOST_BYTES + 1));
    client.send({ type: 'hello', id: 'next', extensionVersion: '0.1.0' });
    await client.waitFor((m) => m.id === 'next', 20_000);
    expect(client.messages.some((m) => (m as { id?: string }).id === 'over')).toBe(false);
    expect(client.messages.filter((m) => JSON.stringify(m).includes('exceeds'))).toHaveLength(1);
  });

  it('answers a request whose type is nested 5,000 levels deep, and stays up', async () => {
    client = new NativeClient(env, { launcherFlags: true });
    client.writeRaw(Buffer.from(`{"id":"deep","type":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`));
    expect(await client.waitFor((m) => m.id === 'deep')).toMatchObject({ type: 'error', problem: { code: 'UNKNOWN_REQUEST' } });
    client.send({ type: 'hello', id: 'alive', extensionVersion: '0.1.0' });
    await client.waitFor((m) => m.id === 'alive');
  });

  it('ends with a last error frame on a length no browser can send (the stream is lost), exit status 0', async () => {
    client = new NativeClient(env, { launcherFlags: true });
    client.writeRaw(Buffer.alloc(0), 0xfffffff0);
    await client.waitFor((m) => m.type === 'error' && JSON.stringify(m).includes('exceeds'));
    expect(await client.exited).toBe(0);
  });
});
