// fast-check generators for what a page or a broken browser could send the host: random JSON, mutated real
// requests, deep nesting in any field, invalid UTF-8, and frames split or trickled at random points.
import fc from 'fast-check';

/** Runs per property: lean by default, a long soak with MAILBADGE_LONG_FUZZ=1 (see docs/reliability.md). */
export const FUZZ_RUNS = process.env.MAILBADGE_LONG_FUZZ === '1' ? 25_000 : 600;

const settings = { name: 'Fuzz', host: '127.0.0.1', port: 9, security: 'tls', user: 'u', folders: ['INBOX'] };

/** One valid request of every type: the templates mutations start from. Port 9 on loopback refuses at once. */
export const TEMPLATES: Record<string, Record<string, unknown>> = {
  hello: { type: 'hello', extensionVersion: '0.1.0' },
  getState: { type: 'getState' },
  refresh: { type: 'refresh', account: 'Fuzz' },
  markRead: { type: 'markRead', account: 'Fuzz', folder: 'INBOX', uidValidity: '1', uids: [1, 2] },
  markUnread: { type: 'markUnread', account: 'Fuzz', folder: 'INBOX', uidValidity: '1', uids: [3] },
  markAllRead: { type: 'markAllRead', account: 'Fuzz', folder: 'INBOX', uidValidity: '1' },
  listFolders: { type: 'listFolders', account: 'Fuzz' },
  removeAccount: { type: 'removeAccount', account: 'Nobody' },
  testAccount: { type: 'testAccount', settings, password: 'pw' },
};

/** Stands for a value nested thousands of levels deep: JSON.stringify would overflow the stack on the real thing. */
const DEEP = (depth: number, arrays: boolean) => `\u0000deep:${depth}:${arrays ? 'a' : 'o'}\u0000`;
const DEEP_MARK = /"\\u0000deep:(\d+):([ao])\\u0000"/g;

/** JSON text of a value, with each deep-nesting mark spelled out as the nested JSON it stands for. */
export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(DEEP_MARK, (_mark, depth: string, kind: string) => {
    const [open, close] = kind === 'a' ? ['[', ']'] : ['{"a":', '}'];
    return open.repeat(Number(depth)) + '1' + close.repeat(Number(depth));
  });
}

export const deeplyNested = fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.boolean()).map(([depth, arrays]) => DEEP(depth, arrays));

const oddValue = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deeplyNested },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 2 ** 32, 2 ** 53, Number.MAX_VALUE, '0x2', '1e3', '', '\r\nA1 LOGOUT', '\u0000') },
);

/** A real request with some fields replaced, added or removed. */
export const mutatedRequest = fc
  .tuple(fc.constantFrom(...Object.keys(TEMPLATES)), fc.dictionary(fc.constantFrom('type', 'id', 'account', 'folder', 'uids', 'uidValidity', 'settings', 'password', 'extensionVersion', 'extra'), oddValue, { maxKeys: 3 }), fc.boolean())
  .map(([type, changes, dropOne]) => {
    const request: Record<string, unknown> = { ...TEMPLATES[type], ...changes };
    if (dropOne) delete request[Object.keys(TEMPLATES[type]!).at(-1)!];
    return request;
  });

/** JSON text of what a frame could hold: a mutated request (most often), or any JSON value at all. */
export const requestText = fc.oneof({ weight: 3, arbitrary: mutatedRequest }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }) }).map(toJsonText);

/** A frame body: JSON of a request, or bytes that are not (invalid UTF-8, truncated JSON, nothing). */
export const frameBody = fc.oneof(
  { weight: 6, arbitrary: requestText.map((text) => Buffer.from(text, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('{"type":"hello","id":"x"'), Buffer.alloc(0), Buffer.from('\uFEFF{}')) },
);

export function frame(body: Buffer, declaredLength = body.length): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32LE(declaredLength);
  return Buffer.concat([header, body]);
}

/** Where to cut a byte stream into chunks: at most `cuts` random points (1-byte trickles included). */
export const cutPoints = (cuts = 20) => fc.array(fc.nat(), { maxLength: cuts });

export function chunked(stream: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (stream.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, stream.length]) {
    if (point > from) chunks.push(stream.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}
