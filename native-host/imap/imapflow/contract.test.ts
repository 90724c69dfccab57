// The contract between the adapter and imapflow, without a server: every private member and deep import is there and behaves as relied on.
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import { version as installedVersion } from 'imapflow/lib/package-info.js';
import { afterEach, describe, expect, it } from 'vitest';
import { connectToScriptedPeer, type ScriptedPeer } from '../../../test/support/scripted-imap-peer';
import { folderStatus } from '../status';
import { atom, compileCommandLine, decodeFolder, encodeFolder, formatFetchResponse, normalizeFolder, readStatusLine, routeUnsolicitedStatus, runRawCommand } from '.';
import { assertImapflowSupported, imapflowModules, ImapflowUnsupportedError, internalsOf, missingInternals, SUPPORTED_IMAPFLOW } from './internals';

const offline = (): ImapFlow => new ImapFlow({ host: 'nowhere.invalid', port: 993, auth: { user: 'u', pass: 'p' }, logger: false });

/** A real ImapFlow with one member taken away: a method shadowed by undefined, a field deleted. */
function without(member: string): ImapFlow {
  const fake = Object.assign(Object.create(ImapFlow.prototype) as object, offline()) as unknown as Record<string, unknown>;
  if (member in ImapFlow.prototype) Object.defineProperty(fake, member, { value: undefined });
  else delete fake[member];
  return fake as unknown as ImapFlow;
}

const waitFor = async (condition: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

describe('imapflow as the adapter knows it', () => {
  it('is the version package.json pins, exactly', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.imapflow).toBe(SUPPORTED_IMAPFLOW);
    expect(installedVersion).toBe(SUPPORTED_IMAPFLOW);
  });

  it('has every private member and deep import the adapter uses on a freshly constructed client', () => {
    const client = offline();
    expect(missingInternals(client)).toEqual([]);
    expect(() => assertImapflowSupported(client)).not.toThrow();
    const internal = internalsOf(client);
    expect(internal.currentRequest).toBe(false);
    expect(internal.requestQueue).toEqual([]);
    expect(internal.commandParts).toEqual([]);
  });

  it.each(['exec', 'write', 'getUntaggedHandler', 'autoidle', 'currentRequest', 'requestQueue', 'commandParts'])(
    'refuses, naming it, a fake ImapFlow without %s',
    async (member) => {
      const fake = without(member);
      expect(missingInternals(fake)).toEqual([expect.stringContaining(`ImapFlow.${member}`)]);
      expect(() => assertImapflowSupported(fake, imapflowModules, '9.9.9')).toThrow(
        new RegExp(`^imapflow 9\\.9\\.9 is not supported; Mailbadge needs 2\\.10\\.2 \\(missing: ImapFlow\\.${member}`),
      );
      // The adapter's entry points check too, so a client made elsewhere fails the same way, not with a TypeError.
      await expect(runRawCommand(fake, 'NOOP', [])).rejects.toBeInstanceOf(ImapflowUnsupportedError);
    },
  );

  it('refuses an imapflow whose module lost a function the adapter deep-imports', () => {
    const modules = { ...imapflowModules, parseStatusList: undefined };
    expect(() => assertImapflowSupported(offline(), modules, '9.9.9')).toThrow(/missing: imapflow\/lib: parseStatusList\(\)/);
    const error = (() => {
      try {
        assertImapflowSupported(offline(), modules);
      } catch (caught) {
        return caught;
      }
    })();
    // INTERNAL: no row of its own in the problem table; the session stops retrying on the class itself.
    expect(error).toMatchObject({ code: 'INTERNAL', name: 'ImapflowUnsupportedError' });
  });

  it('compiles a command line as imapflow sends it, and declines one that needs a synchronising literal', () => {
    const client = offline();
    expect(compileCommandLine('MB0', 'STATUS', [encodeFolder(client, 'Zürich'), [atom('MESSAGES'), atom('UNSEEN')]])).toBe('MB0 STATUS "Z&APw-rich" (MESSAGES UNSEEN)');
    expect(compileCommandLine('MB1', 'STATUS', [{ type: 'LITERAL', value: Buffer.from('Zürich') }, [atom('MESSAGES')]])).toBeUndefined();
  });

  it('codes folder names the way imapflow does (modified UTF-7 without UTF8=ACCEPT, INBOX upper-cased)', () => {
    const client = offline();
    expect(encodeFolder(client, 'Zürich')).toBe('Z&APw-rich');
    expect(decodeFolder(client, 'Z&APw-rich')).toBe('Zürich');
    expect(normalizeFolder(client, 'inbox')).toBe('INBOX');
  });

  it('reads a STATUS line parsed by imapflow into items, dropping values its parser rejects', async () => {
    const line = readStatusLine(await parser('* STATUS "Z&APw-rich" (MESSAGES 3 UNSEEN 1 UIDNEXT 4 UIDVALIDITY 123 HIGHESTMODSEQ 9 RECENT 0)'));
    expect(line).toEqual({ wireName: 'Z&APw-rich', items: { messages: 3, unseen: 1, uidNext: 4, uidValidity: 123n, highestModseq: 9n } });
    expect(folderStatus('Zürich', line!.items)).toEqual({ folder: 'Zürich', messages: 3, unseen: 1, uidNext: 4, uidValidity: '123', highestModseq: '9' });
    expect(readStatusLine(await parser('* STATUS INBOX (MESSAGES abc UNSEEN 1)'))?.items).toEqual({ unseen: 1 });
    expect(readStatusLine(await parser('* STATUS INBOX'))).toBeUndefined();
  });

  it('formats a raw FETCH response (UID, FLAGS, ENVELOPE, INTERNALDATE) the way fetch() does', async () => {
    const client = offline();
    const response = await parser('* 1 FETCH (UID 7 FLAGS (\\Seen) INTERNALDATE "25-Nov-2025 13:35:00 +0000" ENVELOPE ("Tue, 25 Nov 2025 13:35:00 +0000" "Hello" (("Ann" NIL "ann" "example.test")) NIL NIL NIL NIL NIL NIL "<id@x>") PREVIEW "Hi")');
    expect(await formatFetchResponse(client, response)).toBeUndefined(); // no folder selected
    client.mailbox = { path: 'INBOX', delimiter: '/', flags: new Set(), uidValidity: 1n, uidNext: 8, exists: 1 };
    const message = await formatFetchResponse(client, response);
    expect(message).toMatchObject({ uid: 7, envelope: { subject: 'Hello', from: [{ name: 'Ann', address: 'ann@example.test' }] } });
    expect(message?.flags?.has('\\Seen')).toBe(true);
    expect(message?.internalDate).toEqual(new Date('2025-11-25T13:35:00Z'));
  });
});

describe('imapflow connection machinery the adapter drives (scripted peer, no server)', () => {
  let peer: ScriptedPeer | undefined;
  afterEach(() => peer?.client.close());

  it('breaks a running IDLE before a raw command (preCheck), then lets auto-IDLE resume (autoidle, idleStartTimer)', async () => {
    peer = await connectToScriptedPeer();
    await peer.client.mailboxOpen('INBOX');
    // Every command re-arms auto-IDLE through this timer; a raw command must cancel it like run() does.
    expect(internalsOf(peer.client).idleStartTimer).toBeDefined();
    await waitFor(() => peer!.client.idling, 'auto-IDLE');
    expect(typeof internalsOf(peer.client).preCheck).toBe('function');
    const from = peer.received.length;
    await runRawCommand(peer.client, 'NOOP', []);
    await waitFor(() => peer!.client.idling, 'auto-IDLE again');
    expect(peer.commandsSince(from)).toEqual(['DONE', 'NOOP', 'IDLE']);
  });

  it('writes pipelined lines in the burst ahead of the command, and their replies reach its handlers (write, currentRequest, requestQueue, commandParts)', async () => {
    peer = await connectToScriptedPeer(({ tag, verb, args }) => (verb === 'STATUS' ? [`* STATUS ${args.split(' ')[0]} (MESSAGES 1)`, `${tag} OK done`] : undefined));
    const seen: string[] = [];
    const ahead = ['A', 'B'].map((name, i) => compileCommandLine(`MB${i}`, 'STATUS', [name, [atom('MESSAGES')]])!);
    const from = peer.received.length;
    await runRawCommand(peer.client, 'STATUS', ['C', [atom('MESSAGES')]], { STATUS: (response) => seen.push(readStatusLine(response)!.wireName) }, ahead);
    expect(peer.commandsSince(from)).toEqual(['STATUS "A" (MESSAGES)', 'STATUS "B" (MESSAGES)', 'STATUS "C" (MESSAGES)']);
    expect(seen).toEqual(['A', 'B', 'C']);
  });

  it('keeps a push that arrives during imapflow\'s own STATUS out of its result, and hands it to the listener (getUntaggedHandler)', async () => {
    const script = ({ tag, verb }: { tag: string; verb: string }) => (verb === 'STATUS' ? ['* STATUS Other (UNSEEN 2)', '* STATUS INBOX (MESSAGES 3)', `${tag} OK done`] : undefined);
    peer = await connectToScriptedPeer(script);
    // Without the router imapflow merges the push into the reply: the reason the router exists.
    expect(await peer.client.status('INBOX', { messages: true })).toEqual({ path: 'INBOX', messages: 3, unseen: 2 });
    const delivered: string[] = [];
    const unroute = routeUnsolicitedStatus(peer.client, (response) => delivered.push(readStatusLine(response)!.wireName));
    expect(await peer.client.status('INBOX', { messages: true })).toEqual({ path: 'INBOX', messages: 3 });
    expect(delivered).toEqual(['Other', 'INBOX']);
    unroute();
    expect(Object.hasOwn(peer.client, 'getUntaggedHandler')).toBe(false);
  });
});
