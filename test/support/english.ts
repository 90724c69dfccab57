// The English message catalogue as Chrome's i18n.getMessage reads it ($1…$9 substitutions), so tests assert what a user reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

const EN: Record<string, { message: string }> = JSON.parse(readFileSync(join(REPO_ROOT, 'public', '_locales', 'en', 'messages.json'), 'utf8'));

/** Like chrome.i18n.getMessage with the English catalogue: '' for an unknown key. */
export function english(key: string, substitutions?: string | string[]): string {
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  return EN[key]?.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '') ?? '';
}
