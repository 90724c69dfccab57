// esbuild plugins that keep libmime (imapflow's MIME helper) from costing the host memory it never uses.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The ESM build of libmime, as imapflow imports it (resolved through imapflow, whose dependency it is).
const imapflowRequire = createRequire(require.resolve('imapflow'));
const LIBMIME_ESM = join(dirname(imapflowRequire.resolve('libmime/package.json')), 'dist', 'esm', 'libmime.js');
const LIBMIME_CHARSET_ESM = join(dirname(LIBMIME_ESM), 'charset.js');

/**
 * imapflow imports libmime's ESM build, @zone-eu/mailsplit (which imapflow uses for downloads) require()s its
 * CommonJS build: two copies of the same library in the bundle, each set up at load. Every require('libmime') gets
 * the ESM build's shared instance instead, which carries the same API (`Libmime` attached, as its CJS build does).
 */
export const oneLibmime = {
  name: 'one-libmime',
  setup(build) {
    build.onResolve({ filter: /^libmime$/ }, (args) => (args.kind === 'require-call' ? { path: 'libmime', namespace: 'libmime-as-cjs' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'libmime-as-cjs' }, () => ({
      contents: `module.exports = require(${JSON.stringify(LIBMIME_ESM)}).default;`,
      loader: 'js',
      resolveDir: dirname(LIBMIME_ESM),
    }));
  },
};

/**
 * libmime's charset module looks up four iconv-lite codecs when it loads, GBK among them: that loads every encoding
 * iconv-lite has and builds GBK's decoding tables (~1 MB of heap together), although a host only needs them for a
 * message in a legacy charset, if ever. The lookups are made on first use instead; what they compute is unchanged.
 * Each edit must match exactly, so a libmime update that changes these lines fails the build instead of passing
 * unpatched.
 */
const LAZY_CODEC_EDITS = [
  [
    "const UNSUPPORTED_CODECS = new Set(['utf7', 'utf7imap', 'base64', 'hex'].map(name => iconv.getCodec(name)));",
    "let UNSUPPORTED_CODECS;\nconst unsupportedCodecs = () => (UNSUPPORTED_CODECS ??= new Set(['utf7', 'utf7imap', 'base64', 'hex'].map(name => iconv.getCodec(name))));",
  ],
  ['return UNSUPPORTED_CODECS.has(iconv.getCodec(name));', 'return unsupportedCodecs().has(iconv.getCodec(name));'],
  ["const DBCS_DECODER = iconv.getCodec('gbk').decoder;", "let DBCS_DECODER;\nconst dbcsDecoder = () => (DBCS_DECODER ??= iconv.getCodec('gbk').decoder);"],
  ['if (codec.decoder === DBCS_DECODER) {', 'if (codec.decoder === dbcsDecoder()) {'],
  [
    "const BYTE_ORDER_GUESSING = new Map([\n    [iconv.getCodec('utf-16'), 200],\n    [iconv.getCodec('utf-32'), 400]\n]);",
    "let BYTE_ORDER_GUESSING;\nconst byteOrderGuessing = () => (BYTE_ORDER_GUESSING ??= new Map([[iconv.getCodec('utf-16'), 200], [iconv.getCodec('utf-32'), 400]]));",
  ],
  ['let headSize = BYTE_ORDER_GUESSING.get(codec);', 'let headSize = byteOrderGuessing().get(codec);'],
];

export const lazyLibmimeCodecs = {
  name: 'lazy-libmime-codecs',
  setup(build) {
    build.onLoad({ filter: /[\\/]libmime[\\/]dist[\\/]esm[\\/]charset\.js$/ }, (args) => {
      if (args.path !== LIBMIME_CHARSET_ESM) return undefined;
      let source = readFileSync(args.path, 'utf8');
      for (const [from, to] of LAZY_CODEC_EDITS) {
        if (source.split(from).length !== 2) throw new Error(`${args.path} changed: cannot make its codec lookups lazy (no single "${from.split('\n')[0]}"). Update scripts/bundle-patches.mjs.`);
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};
