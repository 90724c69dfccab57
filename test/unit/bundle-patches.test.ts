// The host bundle's libmime patches (one copy, codec tables on first use) decode headers exactly as libmime does.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { lazyLibmimeCodecs, oneLibmime } from '../../scripts/bundle-patches.mjs';
import { REPO_ROOT } from '../support/paths';

const encodedWord = (charset: string, hex: string) => `=?${charset}?B?${Buffer.from(hex, 'hex').toString('base64')}?=`;
// Legacy charsets in headers (GBK family, Shift_JIS, KOI8-R), a BOM-guessed UTF-16, and UTF-7, which libmime refuses.
const WORDS = [
  encodedWord('gb2312', 'c4e3bac3a3accac0bde7'),
  encodedWord('shift_jis', '82b182f182c982bf82cd'),
  encodedWord('koi8-r', 'f0d2c9d7c5d4'),
  encodedWord('utf-16', 'fffe680069002100'),
  '=?utf-7?Q?+ADw-script+AD4-?=',
];

// Run in a child: the bundle is what the host runs, not the sources vitest would load.
const ENTRY = `
import libmime from 'libmime';
import { Headers } from '@zone-eu/mailsplit';
const words = ${JSON.stringify(WORDS)};
// mailsplit (which require()s libmime) decodes with its own Libmime instance: of its copy, or of the shared one.
const headers = new Headers(Buffer.from('\\r\\n'));
process.stdout.write(JSON.stringify({ decoded: [...words.map((word) => libmime.decodeWords(word)), headers.libmime.decodeWords(words[0])] }));
`;

describe('host bundle patches of libmime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mailbadge-patches-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(plugins: unknown[]): Promise<{ decoded: string[]; bytes: string }> {
    const entry = join(dir, 'entry.mjs');
    const outfile = join(dir, `out-${plugins.length}.mjs`);
    writeFileSync(entry, ENTRY);
    await build({
      entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', absWorkingDir: REPO_ROOT, nodePaths: [join(REPO_ROOT, 'node_modules')],
      banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
      plugins: plugins as never[], logLevel: 'error',
    });
    const output = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as { decoded: string[] };
    return { decoded: output.decoded, bytes: readFileSync(outfile, 'utf8') };
  }

  it('decode every charset as the unpatched library does, with one libmime in the bundle', async () => {
    const plain = await run([]);
    const patched = await run([oneLibmime, lazyLibmimeCodecs]);
    expect(plain.decoded).toEqual(['你好，世界', 'こんにちは', 'Привет', 'hi!', '+ADw-script+AD4-', '你好，世界']);
    expect(patched.decoded).toEqual(plain.decoded);
    // The unpatched bundle has libmime twice (ESM for imapflow, CommonJS for mailsplit); the patched one once.
    // Each copy makes its shared instance once: `libmime = new Libmime()` (renamed Libmime2 for the second copy).
    const copies = (text: string) => text.match(/= ?new Libmime\d*\(\)/g)?.length ?? 0;
    expect(copies(plain.bytes)).toBe(2);
    expect(copies(patched.bytes)).toBe(1);
    // ...and looks GBK up when it loads only without the patch.
    const eagerGbk = /DBCS_DECODER\s*=\s*\S*getCodec\("gbk"\)/;
    expect(plain.bytes).toMatch(eagerGbk);
    expect(patched.bytes).not.toMatch(eagerGbk);
  });
});
