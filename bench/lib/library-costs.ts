// What loading each library costs by itself: a tiny entry per library, bundled like the host (HOST_LIKE_BUILD), run
// under the launcher's Node.js flags; it reports its own memory after a second. Node.js alone is the baseline.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { z } from 'zod';
import { REPO_ROOT } from '../../test/support/paths';
import { HOST_LIKE_BUILD } from './build';

const run = promisify(execFile);
const MB = 1024 * 1024;
const Usage = z.object({ rss: z.number(), heapUsed: z.number() });

const ENTRIES: { name: string; code: string }[] = [
  { name: 'Node.js, nothing loaded', code: '' },
  { name: 'zod + the protocol schemas', code: `import * as protocol from '${join(REPO_ROOT, 'lib', 'protocol.ts')}'; globalThis.keep = protocol;` },
  { name: 'imapflow (one client object)', code: "import { ImapFlow } from 'imapflow'; globalThis.keep = new ImapFlow({ host: '127.0.0.1', port: 1, auth: { user: 'u', pass: 'p' }, logger: false });" },
  { name: 'postal-mime', code: "import PostalMime from 'postal-mime'; globalThis.keep = PostalMime;" },
];

export interface LibraryCost {
  name: string;
  rssMb: number;
  note: string;
}

export async function libraryCosts(nodeFlags: string[]): Promise<LibraryCost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mailbadge-libraries-'));
  try {
    const measured: { name: string; rss: number; heapUsed: number }[] = [];
    for (const [i, entry] of ENTRIES.entries()) {
      const source = join(dir, `entry${i}.ts`);
      // Report after a second, when loading is done and a collection has likely run.
      writeFileSync(source, `${entry.code}\nsetTimeout(() => { process.stdout.write(JSON.stringify(process.memoryUsage())); }, 1000);\n`);
      const outfile = join(dir, `entry${i}.mjs`);
      await build({ entryPoints: [source], outfile, ...HOST_LIKE_BUILD, logLevel: 'error', nodePaths: [join(REPO_ROOT, 'node_modules')] });
      const { stdout } = await run(process.execPath, [...nodeFlags, outfile]);
      const usage = Usage.parse(JSON.parse(stdout));
      measured.push({ name: entry.name, rss: usage.rss / MB, heapUsed: usage.heapUsed / MB });
    }
    const base = measured[0]!;
    return measured.map((m, i) => ({
      name: m.name,
      rssMb: i === 0 ? m.rss : m.rss - base.rss,
      note: i === 0 ? `RSS; heap used ${m.heapUsed.toFixed(1)} MB` : `RSS above Node.js alone; heap +${(m.heapUsed - base.heapUsed).toFixed(1)} MB`,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
