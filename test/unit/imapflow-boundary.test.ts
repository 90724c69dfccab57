// Only the adapter (native-host/imap/imapflow/) may reach imapflow's private API: this reads every source file and fails on a file outside it that does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';

const ADAPTER = 'native-host/imap/imapflow/';
const SCANNED_DIRS = ['native-host', 'lib', 'components', 'entrypoints', 'test', 'bench', 'scripts'];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const THIS_FILE = 'test/unit/imapflow-boundary.test.ts';

/** imapflow's private members (its `@internal` API); `exec` and `write` are too common a word, see CLIENT_CALL. */
const PRIVATE_MEMBER = /\b(?:getUntaggedHandler|currentRequest|requestQueue|commandParts|preCheck|idleStartTimer|autoidle)\b/;
const DEEP_IMPORT = /['"`]imapflow\/lib\//;
/** A connection cast to another type, or its exec/write called or looked up: the ways to reach what its typings hide. */
const CLIENT_CAST = /\b(?:client|imap\w*|connection|flow)\b\s*\)?\s+as\s+/i;
const CLIENT_CALL = /\b(?:client|imap\w*|connection|flow)\s*(?:\.\s*(?:exec|write)\s*\(|\[\s*['"`](?:exec|write)['"`]\s*\])/i;
/** In a file that uses imapflow, a cast through unknown/any could hide a connection behind another name. */
const ESCAPE_HATCH = /\bas\s+unknown\s+as\b|\bas\s+any\b|:\s*any\b|<any>|\bas\s+never\b/;
const USES_IMAPFLOW = /from\s+['"]imapflow['"]|import\(\s*['"]imapflow['"]\s*\)|require\(\s*['"]imapflow['"]\s*\)/;

/** Lines of a file that reach imapflow's private API, as "path:line: reason". */
export function findViolations(path: string, text: string): string[] {
  const usesImapflow = USES_IMAPFLOW.test(text);
  const found: string[] = [];
  text.split('\n').forEach((raw, index) => {
    // Comments may talk about imapflow's internals; only code can reach them.
    const line = /^\s*(?:\*|\/\*)/.test(raw) ? '' : raw.replace(/\/\/.*$/, '');
    const where = `${path}:${index + 1}`;
    if (DEEP_IMPORT.test(line)) found.push(`${where}: imports imapflow/lib/…`);
    if (PRIVATE_MEMBER.test(line)) found.push(`${where}: names a private imapflow member`);
    if (CLIENT_CAST.test(line) || CLIENT_CALL.test(line)) found.push(`${where}: casts or pokes an ImapFlow connection`);
    if (usesImapflow && ESCAPE_HATCH.test(line)) found.push(`${where}: casts through unknown/any in a file that uses imapflow`);
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => relative(REPO_ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

describe('the imapflow boundary', () => {
  it('flags each way of reaching the private API (so the scan below can fail)', () => {
    expect(findViolations('x.ts', "import { encodePath } from 'imapflow/lib/tools.js';")).toHaveLength(1);
    expect(findViolations('x.ts', "type T = import('imapflow/lib/handler/types.js').ImapCompileNode;")).toHaveLength(1);
    expect(findViolations('x.ts', 'const queue = internal.requestQueue;')).toHaveLength(1);
    expect(findViolations('x.ts', 'const internal = client as unknown as { exec(): void };')).not.toHaveLength(0);
    expect(findViolations('x.ts', "const exec = (client as Record<string, unknown>)['exec'];")).not.toHaveLength(0);
    expect(findViolations('x.ts', "void imapClient['write']('NOOP');")).toHaveLength(1);
    expect(findViolations('x.ts', "await client.exec('NOTIFY', []);")).toHaveLength(1);
    expect(findViolations('x.ts', "import type { ImapFlow } from 'imapflow';\nconst hidden = flowLike as unknown as Internals;")).toEqual(['x.ts:2: casts through unknown/any in a file that uses imapflow']);
  });

  it('leaves ordinary code alone', () => {
    expect(findViolations('x.ts', "import type { ImapFlow } from 'imapflow';\nawait client.status(folder, { unseen: true });\nconst m = /a/.exec(line);")).toEqual([]);
    expect(findViolations('x.ts', "process.stderr.write('x');\nconst value = thing as unknown as number;")).toEqual([]);
    expect(findViolations('x.ts', "// cut the connection as a network failure would\nconst lists: Awaited<ReturnType<ImapFlow['list']>>[] = [];")).toEqual([]);
  });

  it('finds the adapter itself doing what only it may do (the exclusion below is not hiding an empty rule)', () => {
    const adapter = sourceFiles(ADAPTER).filter((file) => !file.endsWith('.test.ts'));
    const hits = adapter.flatMap((file) => findViolations(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(hits.some((hit) => hit.includes('imports imapflow/lib/'))).toBe(true);
    expect(hits.some((hit) => hit.includes('private imapflow member'))).toBe(true);
  });

  it('has no file outside native-host/imap/imapflow/ that imports imapflow/lib/… or casts an ImapFlow to reach a private member', () => {
    const files = SCANNED_DIRS.flatMap(sourceFiles).filter((file) => !file.startsWith(ADAPTER) && file !== THIS_FILE);
    // The scan covers the host's IMAP code, its tests and the benchmarks.
    expect(files).toEqual(expect.arrayContaining(['native-host/imap/notify.ts', 'native-host/imap/previews.ts', 'test/integration/notify.test.ts', 'bench/run.ts']));
    const violations = files.flatMap((file) => findViolations(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
    expect(violations).toEqual([]);
  });
});
