// Reads a V8 heap snapshot of the host and says what kind of object holds how much (as DevTools' statistics view
// does) and which single objects are large. Which library holds what: docs/memory.md (the host's bundle is split
// into minified chunks, so a snapshot's function positions no longer name their source reliably).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export interface HeapShare {
  what: string;
  bytes: number;
  note: string;
}

const Snapshot = z.object({
  snapshot: z.object({ meta: z.object({ node_fields: z.array(z.string()), node_types: z.tuple([z.array(z.string())]).rest(z.unknown()) }) }),
  nodes: z.array(z.number()),
  strings: z.array(z.string()),
});

const LARGE = 512 * 1024;
const KIND_NAMES: Record<string, string> = {
  code: 'function metadata and bytecode',
  string: 'strings',
  array: 'arrays (internal)',
  'object shape': 'hidden classes (object shapes)',
  closure: 'functions (closures)',
  object: 'objects',
  hidden: 'internal (hidden) objects',
};

export function heapByKind(snapshotPath: string): HeapShare[] {
  const snap = Snapshot.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field)) as [number, number, number];
  const byKind = new Map<string, number>();
  const large: HeapShare[] = [];
  let total = 0;
  for (let base = 0; base < snap.nodes.length; base += fields.length) {
    const kind = types[snap.nodes[base + typeAt]!] ?? '?';
    const size = snap.nodes[base + sizeAt]!;
    total += size;
    byKind.set(kind, (byKind.get(kind) ?? 0) + size);
    if (size >= LARGE) {
      const name = (snap.strings[snap.nodes[base + nameAt]!] ?? '').slice(0, 40).replace(/\s+/g, ' ');
      large.push({ what: `one ${kind}: "${name}…"`, bytes: size, note: name.startsWith('#!') || kind === 'string' ? 'a source text V8 keeps' : 'a single object' });
    }
  }
  const kinds = [...byKind.entries()].sort((a, b) => b[1] - a[1]).slice(0, 7);
  return [
    { what: 'whole heap (snapshot)', bytes: total, note: 'self sizes of every object' },
    ...kinds.map(([kind, bytes]) => ({ what: KIND_NAMES[kind] ?? kind, bytes, note: 'self sizes' })),
    ...large.sort((a, b) => b.bytes - a.bytes),
  ];
}
