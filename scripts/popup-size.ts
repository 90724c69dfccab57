// The popup's weight as a browser loads it: popup.html's scripts and styles and the chunks they import, gzipped.
// Run directly (part of `npm run build`, through tsx) it prints the figure; bench/run.ts imports it for its table.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const POPUP_BUDGET_BYTES = 25 * 1024;

/** Follows popup.html's <script>/<link> and every static import inside them, so shared chunks count once. */
export function popupGzipBytes(extensionDir: string): number {
  const html = readFileSync(join(extensionDir, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  let total = 0;
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(extensionDir, file), 'utf8');
    total += gzipSync(text).length;
    if (file.endsWith('.js')) {
      for (const m of text.matchAll(/(?:import|from)\s*["']([^"']+\.js)["']/g)) queue.push(join(dirname(file), m[1]!).replace(/^\//, ''));
    }
  }
  return total;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bytes = popupGzipBytes(resolve('.output/chrome-mv3'));
  const verdict = bytes <= POPUP_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(`popup bundle: ${(bytes / 1024).toFixed(1)} KB gzip (${verdict} the ${POPUP_BUDGET_BYTES / 1024} KB budget)`);
}
