// The message catalogues: German as complete as English, placeholders kept, every literal t('key') present.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/paths';

type Catalogue = Record<string, { message: string }>;
const load = (lang: string) => JSON.parse(readFileSync(join(REPO_ROOT, 'public', '_locales', lang, 'messages.json'), 'utf8')) as Catalogue;
const en = load('en');
const de = load('de');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\./.test(name) ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\$(\d)/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('German has exactly the English keys, none empty', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, { message }] of Object.entries(de)) expect(message.trim(), key).not.toBe('');
  });

  it('keeps the same $1…$9 placeholders in every translation', () => {
    for (const key of Object.keys(en)) expect(placeholders(de[key]!.message), key).toEqual(placeholders(en[key]!.message));
  });

  it('has every key the code asks for by name', () => {
    const files = ['entrypoints', 'components', 'lib'].flatMap((dir) => sourceFiles(join(REPO_ROOT, dir)));
    const used = new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((key) => !(key in en));
    expect(missing).toEqual([]);
  });
});
