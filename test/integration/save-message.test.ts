// Save as .eml through the native-messaging host at its limits: a message of exactly one chunk, one that needs three
// chunks by a single byte, and one a byte over the size cap; every frame under the browser's 1 MB, bytes unchanged.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension, MAX_HOST_TO_BROWSER_BYTES } from '../../lib/protocol';
import { MAX_SAVE_BYTES, SAVE_CHUNK_BYTES } from '../../lib/protocol-actions';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { addDovecotAccount, makeConfigDir } from '../support/host';
import { buildMessage } from '../support/mail';
import { NativeClient } from '../support/native-client';

let server: DovecotServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let client: NativeClient;
let uidValidity: string;

beforeAll(async () => {
  server = await startDovecot();
  env = await makeConfigDir();
  await addDovecotAccount(env, server, { name: 'Demo' });
  client = new NativeClient(env);
  const counts = await client.waitFor<{ folders: { uidValidity: string }[] }>((m) => m.type === 'folderCounts', 15_000);
  uidValidity = counts.folders[0]!.uidValidity;
});
afterAll(async () => {
  client?.kill();
  await server?.stop();
  await env?.remove();
});
afterEach(() => {
  for (const message of client.messages) expect(HostToExtension.safeParse(message).success, JSON.stringify(message).slice(0, 300)).toBe(true);
});

/** A plain ASCII message of exactly `size` bytes, CRLF line ends, short lines (7bit). */
function messageOfSize(size: number, subject: string): string {
  const headers = buildMessage({ subject, body: 'x' }).replace(/x\r\n$/, '');
  let body = '';
  const line = `${'a'.repeat(76)}\r\n`;
  while (Buffer.byteLength(headers) + body.length + line.length <= size) body += line;
  body += 'b'.repeat(size - Buffer.byteLength(headers) - body.length);
  const raw = headers + body;
  expect(Buffer.byteLength(raw)).toBe(size);
  return raw;
}

async function serverSource(uid: number): Promise<{ source: Buffer; seen: boolean }> {
  const imap = await server.connect('alice');
  try {
    const lock = await imap.getMailboxLock('INBOX', { readOnly: true });
    try {
      const message = await imap.fetchOne(String(uid), { source: true, flags: true }, { uid: true });
      return { source: message ? message.source! : Buffer.alloc(0), seen: message ? message.flags!.has('\\Seen') : false };
    } finally {
      lock.release();
    }
  } finally {
    await imap.logout();
  }
}

let requests = 0;
async function save(uid: number) {
  const id = `save${++requests}`;
  const transfer = `transfer-${requests}-${Date.now()}`;
  client.send({ type: 'saveMessage', id, account: 'Demo', folder: 'INBOX', uidValidity, uid, transfer });
  const reply = await client.waitFor((m) => m.id === id, 30_000);
  const chunks = client.messages.filter((m): m is { type: 'messageChunk'; transfer: string; index: number; data: string } => (m as { transfer?: string }).transfer === transfer && (m as { type?: string }).type === 'messageChunk');
  return { reply, chunks };
}

describe('save as .eml over native messaging', () => {
  it.each([
    ['exactly one chunk', SAVE_CHUNK_BYTES, 1],
    ['one byte more than two chunks', 2 * SAVE_CHUNK_BYTES + 1, 3],
  ])('sends a message of %s in order, every frame under 1 MB, bytes as the server has them, still unread', async (_name, size, chunkCount) => {
    const uid = (await server.append('alice', 'INBOX', messageOfSize(size, `Size ${size}`)))!;
    const { reply, chunks } = await save(uid);
    expect(reply).toMatchObject({ type: 'saved', bytes: size, chunks: chunkCount });
    expect(chunks.map((c) => c.index)).toEqual([...Array(chunkCount).keys()]);
    for (const chunk of chunks) expect(Buffer.byteLength(JSON.stringify(chunk))).toBeLessThanOrEqual(MAX_HOST_TO_BROWSER_BYTES);
    // Whole chunks are a multiple of 3 bytes, so their base64 joins into the base64 of the whole message.
    const joined = Buffer.from(chunks.map((c) => c.data).join(''), 'base64');
    const { source, seen } = await serverSource(uid);
    expect(joined.equals(source)).toBe(true);
    expect(seen).toBe(false);
  });

  it('refuses a message one byte over the cap before sending any of it, with a sentence naming the limit', async () => {
    const uid = (await server.append('alice', 'INBOX', messageOfSize(MAX_SAVE_BYTES + 1, 'Too large')))!;
    const { reply, chunks } = await save(uid);
    expect(reply).toMatchObject({ type: 'error', problem: { code: 'MESSAGE_TOO_LARGE', message: `Message ${uid} is 50.0 MB; Mailbadge saves messages up to 50 MB. Save it from your mail client.` } });
    expect(chunks).toEqual([]);
  });
});
