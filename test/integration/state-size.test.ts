// The state reply stays within the 1 MB native-messaging limit however many watched folders have previews (it used
// to fail as INTERNAL past it): the previews that do not fit follow as previews events, so nothing is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension, MAX_HOST_TO_BROWSER_BYTES } from '../../lib/protocol';
import { startHostileServer, type HostileServer } from '../support/hostile-imap-server';
import { manyFoldersWithPreviews } from '../support/hostile-scenarios';
import { makeConfigDir, runHost } from '../support/host';
import { NativeClient } from '../support/native-client';
import { makeCertificate } from '../support/test-certificates';

/** 60 folders × 10 previews of ~2.5 KB each: about 1.5 MB of previews. */
const FOLDERS = 60;
let server: HostileServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let client: NativeClient | undefined;

beforeAll(async () => {
  const certificate = await makeCertificate('self-signed');
  server = await startHostileServer({ scenario: manyFoldersWithPreviews(FOLDERS), certificates: [certificate] });
  env = await makeConfigDir();
  const folders = server.store.folders.map((folder) => folder.name).join(',');
  const added = await runHost(env, ['accounts', 'add', '--name', 'Big', '--host', '127.0.0.1', '--port', String(server.port), '--security', 'tls', '--user', 'u',
    '--folders', folders, '--trust-fingerprint', certificate.fingerprint256, '--password-stdin'], 'pw');
  expect(added.code, added.stderr).toBe(0);
});
afterAll(async () => {
  client?.kill();
  await server?.close();
  await env?.remove();
});

describe('the state reply of an account with many folders of previews', () => {
  it('fits in 1 MB and is followed by the previews left out, every one of them, with half the launcher\'s heap', async () => {
    // Half the heap: the launcher's limit leaves at least twice what the largest replies (1 MB frames) need.
    client = new NativeClient(env, { launcherFlags: 'half-heap' });
    const host = client;
    await host.waitFor(() => host.messages.filter((m) => (m as { type?: string }).type === 'previews').length === FOLDERS, 30_000);
    const from = host.messages.length;
    host.send({ type: 'getState', id: 'big' });
    const reply = await host.waitFor<Extract<HostToExtension, { type: 'state' }>>((m) => m.id === 'big', 10_000);
    expect(reply.type).toBe('state');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = host.messages.slice(from) as HostToExtension[];
    for (const message of after) {
      expect(HostToExtension.safeParse(message).success).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(MAX_HOST_TO_BROWSER_BYTES);
    }
    const inReply = reply.accounts[0]!.previews.map((folder) => folder.folder);
    const followed = after.flatMap((m) => (m.type === 'previews' ? [m.folder] : []));
    expect(followed.length).toBeGreaterThan(0);
    expect([...inReply, ...followed].sort()).toEqual(server.store.folders.map((folder) => folder.name));
    expect(reply.accounts[0]!.counts).toHaveLength(FOLDERS);
  });
});
