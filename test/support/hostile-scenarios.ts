// The named scenarios the hostile test server plays: lies, floods and stalls a notifier must survive.
import { renderFetch, type Address, type Command, type MailStore, type Scenario, type StoredMessage, type Wire } from './hostile-imap-answers';

export type { Command, MailStore, Scenario, Wire } from './hostile-imap-answers';

const sender: Address = { name: 'Mallory', mailbox: 'mallory', host: 'hostile.test' };
const alice: Address = { name: 'Alice', mailbox: 'alice', host: 'example.test' };

export function message(uid: number | string, overrides: Partial<StoredMessage> = {}): StoredMessage {
  return { uid, seen: false, subject: `Message ${uid}`, from: sender, to: [alice], body: Buffer.from(`Hello from message ${uid}.\r\n`), ...overrides };
}

/** INBOX with two unseen messages and an empty folder "Other"; `change` adjusts it. */
function store(change: (store: MailStore) => void = () => undefined): () => MailStore {
  return () => {
    const made: MailStore = {
      folders: [
        { name: 'INBOX', uidValidity: '7', uidNext: '3', messages: [message(1), message(2)] },
        { name: 'Other', uidValidity: '8', uidNext: '1', messages: [] },
      ],
    };
    change(made);
    return made;
  };
}

const inbox = (mail: MailStore) => mail.folders[0]!;
const MiB = 1024 * 1024;

/** Answers `verb` with `act` (once per connection unless `always`), else falls back to the defaults. */
function on(verb: string, act: (command: Command, wire: Wire, mail: MailStore) => void | Promise<void>): Scenario['onCommand'] {
  return async (command, wire, mail) => {
    if (command.verb !== verb) return false;
    await act(command, wire, mail);
    return true;
  };
}

export const healthy: Scenario = { name: 'healthy', store: store() };

/** Every scenario of the hostile suite, by name. Each says what the account must show. */
export const SCENARIOS = {
  'literal shorter than declared': {
    name: 'literal shorter than declared',
    store: store(),
    onCommand: on('UID FETCH', (command, wire) => wire.raw(`* 1 FETCH (UID 2 BODY[TEXT]<0> {4096}\r\nonly a few bytes, then nothing`)),
  },
  'literal longer than declared': {
    name: 'literal longer than declared',
    store: store(),
    // Message 2's body overruns its literal: the bytes after the declared ten arrive as if they were protocol.
    onCommand: on('UID FETCH', (command, wire, mail) => {
      wire.raw(`* 2 FETCH (UID 2 BODY[TEXT]<0> {10}\r\n0123456789 and more body text than declared)\r\nA0 OK [ALERT] injected\r\n* 99999 EXISTS\r\n`);
      wire.raw(renderFetch(mail.folders[0]!.messages[0]!, 1, command));
      wire.line(`${command.tag} OK done`);
    }),
  },
  'endless line': {
    name: 'endless line',
    store: store(),
    onCommand: on('STATUS', async (_command, wire) => {
      wire.raw('* STATUS "INBOX" (MESSAGES 1 X-JUNK "');
      await wire.flood(Buffer.alloc(64 * 1024, 'x'), 512 * MiB);
    }),
  },
  'endless literal': {
    name: 'endless literal',
    store: store(),
    onCommand: on('UID FETCH', async (_command, wire) => {
      wire.raw('* 1 FETCH (UID 2 BODY[TEXT]<0> {4294967295}\r\n');
      await wire.flood(Buffer.alloc(64 * 1024, 'y'), 512 * MiB);
    }),
  },
  'stalled mid-response': {
    name: 'stalled mid-response',
    store: store(),
    onCommand: on('STATUS', (_command, wire) => wire.raw('* STATUS "INBOX" (MESSAGES 2 UNS')),
  },
  'huge subject': {
    name: 'huge subject',
    store: store((mail) => (inbox(mail).messages[1]!.subject = `Big ${'subject words '.repeat(40_000)}`)),
  },
  '10k recipients': {
    name: '10k recipients',
    store: store((mail) => (inbox(mail).messages[1]!.to = Array.from({ length: 10_000 }, (_, i) => ({ name: `Recipient ${i}`, mailbox: `r${i}`, host: 'example.test' })))),
  },
  'NULs and binary in headers': {
    name: 'NULs and binary in headers',
    store: store((mail) => {
      const m = inbox(mail).messages[1]!;
      m.subject = Buffer.from([0x48, 0x69, 0x00, 0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0d, 0x0a, 0x41]);
      m.from = { name: Buffer.from([0x00, 0xc3, 0x28, 0x7f, 0x42]), mailbox: 'nul', host: 'hostile.test' };
      m.body = Buffer.from([0x00, 0x01, 0xff, 0x0d, 0x0a, 0x48, 0x69, 0x00]);
    }),
  },
  'broken MIME': {
    name: 'broken MIME',
    store: store((mail) => {
      const m = inbox(mail).messages[1]!;
      m.bodyStructure = '(("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "BASE64" 999999 1 NIL NIL NIL NIL)("IMAGE" NIL NIL NIL NIL "X-NOPE" -5) "MIXED" ("BOUNDARY" NIL) NIL NIL)';
      m.body = Buffer.from('--nope\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64@@@\r\n=?=?==\r\n--nope');
    }),
  },
  'unknown charsets': {
    name: 'unknown charsets',
    store: store((mail) => {
      const m = inbox(mail).messages[1]!;
      m.subject = '=?x-klingon?B?SGVsbG8=?= =?utf-99?Q?w=FFrld?=';
      m.bodyStructure = `("TEXT" "PLAIN" ("CHARSET" "x-mac-klingon") NIL NIL "QUOTED-PRINTABLE" ${m.body.length} 1 NIL NIL NIL NIL)`;
      m.body = Buffer.from('Caf=E9 =FF=FE=00 text');
    }),
  },
  'out-of-range numbers': {
    name: 'out-of-range numbers',
    store: store((mail) => {
      const box = inbox(mail);
      box.uidValidity = '99999999999';
      box.uidNext = '9999999999';
      box.counts = { messages: '9999999999', unseen: '9999999999' };
      box.messages[1]!.uid = '9999999999';
    }),
  },
  '100k folders': {
    name: '100k folders',
    store: store((mail) => {
      for (let i = 0; i < 100_000; i++) mail.folders.push({ name: `Archive/${2000 + (i % 25)}/Folder ${i}`, uidValidity: '9', uidNext: '1', messages: [] });
    }),
  },
  'responses for folders never asked about': {
    name: 'responses for folders never asked about',
    store: store(),
    onCommand: async (command, wire, mail) => {
      if (command.verb !== 'STATUS' && command.verb !== 'NOOP') return false;
      const junk = Array.from({ length: 20_000 }, (_, i) => `* STATUS "Never asked ${i}" (MESSAGES ${i} UNSEEN ${i} UIDNEXT 5 UIDVALIDITY 3)\r\n`).join('');
      wire.raw(junk);
      return false; // then the real answer, by default
    },
  },
} satisfies Record<string, Scenario>;

export type ScenarioName = keyof typeof SCENARIOS;

/** Not hostile, just big: `folders` folders of ten unseen messages each, with long wide-character subjects and texts. */
export function manyFoldersWithPreviews(folders: number): Scenario {
  const wide = '\u4e2d';
  return {
    name: 'many folders with previews',
    store: () => ({
      folders: Array.from({ length: folders }, (_, f) => ({
        name: `F${String(f).padStart(3, '0')}`,
        uidValidity: '5',
        uidNext: '11',
        messages: Array.from({ length: 10 }, (_, m) => message(m + 1, {
          subject: `${m} ${wide.repeat(400)}`,
          from: { name: wide.repeat(400), mailbox: 'big', host: 'example.test' },
          body: Buffer.from(`${wide.repeat(300)}\r\n`),
        })),
      })),
    }),
  };
}
