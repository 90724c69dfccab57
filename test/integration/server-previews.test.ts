// Previews where the server offers RFC 8970 PREVIEW (Dovecot does): one FETCH, no body bytes, nothing marked read.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPreviews } from '../../native-host/imap/previews';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';

let server: DovecotServer;
let reader: ImapFlow;
const sent: string[] = [];

beforeAll(async () => {
  server = await startDovecot();
  await server.createFolder('alice', 'News');
  for (let i = 1; i <= 12; i++) {
    await server.append('alice', 'News', buildMessage({ subject: `Héllo ${i}`, from: 'Jörg Müller <jorg@example.test>', body: `Message ${i}: ${'lorem ipsum '.repeat(40)}` }));
  }
  await server.append('alice', 'News', buildMessage({ subject: 'Already read' }), ['\\Seen']);
  reader = await connectRecording(dovecotTarget(server), sent);
});
afterAll(async () => {
  await reader?.logout().catch(() => reader.close());
  await server?.stop();
});

describe('previews made by the server (PREVIEW)', () => {
  it('reads the 10 newest unseen messages in one UID FETCH with PREVIEW and no body part', async () => {
    expect(reader.capabilities.has('PREVIEW')).toBe(true);
    sent.length = 0;
    const result = await fetchPreviews(reader, 'News');
    const fetches = sent.filter((line) => line.includes('FETCH'));
    expect(fetches).toHaveLength(1);
    expect(fetches[0]).toMatch(/UID FETCH [\d,]+ \(UID FLAGS ENVELOPE INTERNALDATE PREVIEW\)$/);
    expect(fetches[0]).not.toMatch(/BODY/);
    expect(result.previews.map((p) => p.subject)).toEqual(Array.from({ length: 10 }, (_, i) => `Héllo ${12 - i}`));
    expect(result.previews[0]).toMatchObject({ from: 'Jörg Müller', fromAddress: 'jorg@example.test', seen: false });
    expect(result.previews[0]!.snippet).toMatch(/^Message 12: lorem ipsum/);
    expect(result.previews[0]!.snippet.length).toBeLessThanOrEqual(200);
  });

  it('leaves every message unseen', async () => {
    await fetchPreviews(reader, 'News');
    const other = await server.connect('alice');
    const status = await other.status('News', { unseen: true });
    await other.logout();
    expect(status && status.unseen).toBe(12);
  });
});
