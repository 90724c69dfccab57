// What the hostile test server says when its scenario does not intervene: a plausible IMAP4rev1 server over a small mail store.

export interface Command {
  tag: string;
  /** Upper case; "UID FETCH", "UID SEARCH", "UID STORE" for the UID forms. */
  verb: string;
  args: string;
  line: string;
}

export interface Wire {
  readonly closed: boolean;
  raw(bytes: Buffer | string): void;
  line(text: string): void;
  /** Writes `chunk` again and again (honouring back-pressure) until `totalBytes` or the client hangs up. */
  flood(chunk: Buffer, totalBytes?: number): Promise<void>;
  /** After answering STARTTLS: the rest of the connection is TLS. */
  upgrade(): void;
  end(): void;
  /** Per-connection state of the default answers. */
  state: { selected?: string; idleTag?: string };
}

export interface Address {
  name: string | Buffer;
  mailbox: string;
  host: string;
}

export interface StoredMessage {
  uid: number | string;
  seen: boolean;
  subject: string | Buffer;
  from: Address;
  to: Address[];
  /** The text as sent in BODY[TEXT] (and any BODY[n] asked for). */
  body: Buffer;
  /** BODYSTRUCTURE as sent, raw; default: one text/plain part. */
  bodyStructure?: string;
}

export interface StoredFolder {
  name: string;
  /** Numbers as the server writes them: strings, so a scenario can send what no real server should. */
  uidValidity: string;
  uidNext: string;
  messages: StoredMessage[];
  /** Overrides the counts the store would derive (out-of-range numbers). */
  counts?: { messages?: string; unseen?: string };
}

export interface MailStore {
  folders: StoredFolder[];
}

export interface Scenario {
  name: string;
  capabilities?: string;
  greeting?: string;
  store(): MailStore;
  /** Answers a command itself; true when it did (the default answer is then not sent). */
  onCommand?(command: Command, wire: Wire, store: MailStore): boolean | Promise<boolean>;
}

export function capabilitiesOf(scenario: Scenario, offersStartTls: boolean): string {
  return (scenario.capabilities ?? 'IMAP4rev1 IDLE NAMESPACE') + (offersStartTls ? ' STARTTLS' : '');
}

/** An IMAP string: quoted when plain, else a literal (what a server must do for 8-bit, quotes or control characters). */
export function imapString(value: string | Buffer): Buffer {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  if (bytes.length < 200 && /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(bytes.toString('latin1'))) return Buffer.from(`"${bytes.toString('latin1')}"`);
  return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`), bytes]);
}

const quotedName = (name: string) => `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');

function address(a: Address): Buffer {
  return Buffer.concat([Buffer.from('('), imapString(a.name), Buffer.from(` NIL "${a.mailbox}" "${a.host}")`)]);
}

function addressList(list: Address[]): Buffer {
  return list.length ? Buffer.concat([Buffer.from('('), ...list.map(address), Buffer.from(')')]) : Buffer.from('NIL');
}

/** One FETCH response for a message, with the items imapflow's preview query reads. */
export function renderFetch(message: StoredMessage, seq: number, command: Command): Buffer {
  const flags = `FLAGS (${message.seen ? '\\Seen' : ''})`;
  const parts: Buffer[] = [Buffer.from(`* ${seq} FETCH (UID ${message.uid} ${flags}`)];
  if (/ENVELOPE/i.test(command.args)) {
    const from = addressList([message.from]);
    parts.push(Buffer.from(' INTERNALDATE "26-Nov-2026 10:00:00 +0000" ENVELOPE ("Thu, 26 Nov 2026 10:00:00 +0000" '), imapString(message.subject));
    parts.push(Buffer.from(' '), from, Buffer.from(' '), from, Buffer.from(' '), from, Buffer.from(' '), addressList(message.to));
    parts.push(Buffer.from(` NIL NIL NIL "<m${message.uid}@hostile.test>")`));
    const structure = message.bodyStructure ?? `("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "8BIT" ${message.body.length} 1 NIL NIL NIL NIL)`;
    parts.push(Buffer.from(` BODYSTRUCTURE ${structure}`));
  }
  const section = /BODY\.PEEK\[([^\]]*)\]/i.exec(command.args)?.[1];
  if (section !== undefined) parts.push(Buffer.from(` BODY[${section}]<0> {${message.body.length}}\r\n`), message.body);
  parts.push(Buffer.from(')\r\n'));
  return Buffer.concat(parts);
}

function statusLine(folder: StoredFolder): string {
  const unseen = folder.counts?.unseen ?? String(folder.messages.filter((m) => !m.seen).length);
  const messages = folder.counts?.messages ?? String(folder.messages.length);
  return `* STATUS ${quotedName(folder.name)} (MESSAGES ${messages} UNSEEN ${unseen} UIDNEXT ${folder.uidNext} UIDVALIDITY ${folder.uidValidity})`;
}

/** UIDs of a sequence set such as "3,1,5:7" that the folder holds. */
function inSet(folder: StoredFolder, set: string): StoredMessage[] {
  const ranges = set.split(',').map((part) => part.split(':').map((n) => (n === '*' ? Number.POSITIVE_INFINITY : Number(n))));
  return folder.messages.filter((m) => ranges.some(([low = 0, high = low]) => Number(m.uid) >= Math.min(low, high) && Number(m.uid) <= Math.max(low, high)));
}

export function answerByDefault(command: Command, wire: Wire, store: MailStore, scenario: Scenario, offersStartTls: boolean): void {
  const { tag, verb, args } = command;
  const ok = (text = 'done') => wire.line(`${tag} OK ${text}`);
  const folderNamed = (name: string) => store.folders.find((f) => f.name.toUpperCase() === unquote(name).toUpperCase() || f.name === unquote(name));
  const selected = () => store.folders.find((f) => f.name === wire.state.selected);
  if (tag === 'DONE') return wire.line(`${wire.state.idleTag ?? '*'} OK idle done`);
  switch (verb) {
    case 'CAPABILITY':
      wire.line(`* CAPABILITY ${capabilitiesOf(scenario, offersStartTls)}`);
      return ok();
    case 'STARTTLS':
      ok('begin TLS now');
      return wire.upgrade();
    case 'NAMESPACE':
      wire.line('* NAMESPACE (("" "/")) NIL NIL');
      return ok();
    case 'LIST': {
      const pattern = unquote(args.slice(args.indexOf(' ') + 1));
      if (pattern === '') wire.line('* LIST (\\Noselect) "/" ""');
      for (const folder of store.folders) if (pattern === '*' || pattern === folder.name) wire.line(`* LIST () "/" ${quotedName(folder.name)}`);
      return ok();
    }
    case 'SELECT':
    case 'EXAMINE': {
      const folder = folderNamed(args.split(' ')[0] ?? '');
      if (!folder) return wire.line(`${tag} NO no such folder`);
      wire.state.selected = folder.name;
      wire.line(`* ${folder.counts?.messages ?? folder.messages.length} EXISTS`);
      wire.line('* FLAGS (\\Seen \\Flagged)');
      wire.line(`* OK [UIDVALIDITY ${folder.uidValidity}] ok`);
      wire.line(`* OK [UIDNEXT ${folder.uidNext}] ok`);
      return ok(verb === 'EXAMINE' ? '[READ-ONLY] done' : '[READ-WRITE] done');
    }
    case 'STATUS': {
      const folder = folderNamed(/^("(?:[^"\\]|\\.)*"|\S+)/.exec(args)?.[1] ?? '');
      if (!folder) return wire.line(`${tag} NO no such folder`);
      wire.line(statusLine(folder));
      return ok();
    }
    case 'UID SEARCH': {
      const folder = selected();
      const uidSet = /UID (\S+)/i.exec(args)?.[1];
      const found = !folder ? [] : uidSet ? inSet(folder, uidSet) : folder.messages.filter((m) => !/UNSEEN/i.test(args) || !m.seen);
      wire.line(`* SEARCH${found.map((m) => ` ${m.uid}`).join('')}`);
      return ok();
    }
    case 'UID FETCH': {
      const folder = selected();
      if (folder) for (const message of inSet(folder, args.split(' ')[0] ?? '')) wire.raw(renderFetch(message, folder.messages.indexOf(message) + 1, command));
      return ok();
    }
    case 'IDLE':
      wire.state.idleTag = tag;
      return wire.line('+ idling');
    case 'LOGOUT':
      wire.line('* BYE see you');
      ok();
      return wire.end();
    default:
      return ok();
  }
}
