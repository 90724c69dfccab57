// Merges message keys into public/_locales/<lang>/messages.json (read, merge, write at once), keeping keys sorted.
// Usage: node scripts/i18n-add.mjs <lang> '{"key":{"message":"…"}}'
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

const [lang, json] = process.argv.slice(2);
if (!lang || !json) throw new Error('usage: node scripts/i18n-add.mjs <lang> <json>');
const path = `public/_locales/${lang}/messages.json`;
const merged = { ...JSON.parse(readFileSync(path, 'utf8')), ...JSON.parse(json) };
const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(`${path}.tmp`, JSON.stringify(sorted, null, 2) + '\n');
renameSync(`${path}.tmp`, path);
console.log(`${path}: ${Object.keys(sorted).length} keys`);
