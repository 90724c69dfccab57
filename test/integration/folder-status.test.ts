// Counting many folders costs one round trip where the server offers LIST-STATUS, and never selects a folder.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFolderStatus } from '../../native-host/imap/folder-status';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { buildMessage } from '../support/mail';
import { connectRecording, dovecotTarget } from '../support/recording-client';

const FOLDERS = ['INBOX', ...Array.from({ length: 19 }, (_, i) => `Box${i + 1}`)];

let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot();
  for (const folder of FOLDERS.slice(1)) await server.createFolder('alice', folder);
  await server.append('alice', 'Box7', buildMessage({ subject: 'one' }));
  await server.append('alice', 'Box7', buildMessage({ subject: 'two' }), ['\\Seen']);
  await server.createFolder('alice', 'Sale 50%');
});
afterAll(async () => server?.stop());

/** An imapflow client whose debug log records each command it sends. */
async function recordingClient(sent: string[]): Promise<ImapFlow> {
  return await connectRecording(dovecotTarget(server), sent);
}

describe('folder status polling', () => {
  it('counts 20 folders with a single LIST-STATUS command', async () => {
    const sent: string[] = [];
    const client = await recordingClient(sent);
    try {
      sent.length = 0;
      const result = await pollFolderStatus(client, FOLDERS, 'list-status');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^\S+ LIST "" \(.*\) RETURN \(STATUS \(MESSAGES UNSEEN UIDNEXT UIDVALIDITY\)\)$/);
      expect(result.missing).toEqual([]);
      expect(result.statuses).toHaveLength(20);
      expect(result.statuses.find((s) => s.folder === 'Box7')).toMatchObject({ messages: 2, unseen: 1, uidNext: 3 });
      expect(client.mailbox).toBeFalsy(); // nothing selected
    } finally {
      await client.logout();
    }
  });

  it('reports watched folders that do not exist, and does not let a % in a name match other folders', async () => {
    const client = await recordingClient([]);
    try {
      const result = await pollFolderStatus(client, ['Sale 50%', 'Gone'], 'list-status');
      expect(result.statuses.map((s) => s.folder)).toEqual(['Sale 50%']);
      expect(result.missing).toEqual(['Gone']);
    } finally {
      await client.logout();
    }
  });

  it('without LIST-STATUS, pipelines the 20 STATUS commands in one round trip with the same results', async () => {
    const sent: string[] = [];
    const client = await recordingClient(sent);
    try {
      const viaList = await pollFolderStatus(client, FOLDERS, 'list-status');
      sent.length = 0;
      const viaStatus = await pollFolderStatus(client, FOLDERS, 'status');
      expect(viaStatus.statuses).toEqual(viaList.statuses);
      // imapflow sent (and waited for) one STATUS; the other 19 went ahead of it in the same burst.
      expect(sent.filter((line) => / STATUS /.test(line))).toHaveLength(1);
      expect(sent.some((line) => / (SELECT|EXAMINE) /.test(line))).toBe(false);
      // The connection is still in step: the next command works.
      expect((await client.status('Box7', { messages: true })) || undefined).toMatchObject({ messages: 2 });
    } finally {
      await client.logout();
    }
  });

  it('pipelined STATUS reports missing folders, first, middle or last, and keeps the others', async () => {
    const client = await recordingClient([]);
    try {
      const result = await pollFolderStatus(client, ['Gone1', 'Box7', 'Gone2', 'INBOX', 'Gone3'], 'status');
      expect(result.statuses.map((s) => s.folder)).toEqual(['Box7', 'INBOX']);
      expect(result.missing).toEqual(['Gone1', 'Gone2', 'Gone3']);
      expect((await client.status('Box7', { unseen: true })) || undefined).toMatchObject({ unseen: 1 });
    } finally {
      await client.logout();
    }
  });

  it('pipelined STATUS works with names that need quoting and modified UTF-7', async () => {
    await server.createFolder('alice', 'Zürich "quoted"');
    await server.append('alice', 'Zürich "quoted"', buildMessage({ subject: 'Grüezi' }));
    const client = await recordingClient([]);
    try {
      const result = await pollFolderStatus(client, ['INBOX', 'Zürich "quoted"', 'Sale 50%'], 'status');
      expect(result.missing).toEqual([]);
      expect(result.statuses.find((s) => s.folder === 'Zürich "quoted"')).toMatchObject({ messages: 1, unseen: 1 });
    } finally {
      await client.logout();
    }
  });
});
