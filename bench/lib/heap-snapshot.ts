// Reads a V8 heap snapshot of the host and says which source module holds how much: retained sizes (dominator
// tree) of each module's functions and of the instances of the classes it defines, found through the bundle's
// source map; plus the largest single objects. Everything else is shared runtime (shapes, builtins, strings).
import { readFileSync } from 'node:fs';
import { TraceMap, traceSegment } from '@jridgewell/trace-mapping';
import { z } from 'zod';

export interface ModuleShare {
  module: string;
  bytes: number;
  note: string;
}

const Snapshot = z.object({
  snapshot: z.object({ meta: z.object({ node_fields: z.array(z.string()), node_types: z.tuple([z.array(z.string())]).rest(z.unknown()), edge_fields: z.array(z.string()), edge_types: z.tuple([z.array(z.string())]).rest(z.unknown()) }) }),
  nodes: z.array(z.number()),
  edges: z.array(z.number()),
  locations: z.array(z.number()),
  strings: z.array(z.string()),
});

export async function snapshotByModule(snapshotPath: string, sourceMapPath: string): Promise<ModuleShare[]> {
  const snap = Snapshot.parse(JSON.parse(readFileSync(snapshotPath, 'utf8')));
  const graph = new HeapGraph(snap);
  const retained = graph.retainedSizes();
  const total = retained[0]!;
  const map = new TraceMap(readFileSync(sourceMapPath, 'utf8'));

  // Functions of the bundle, by the module their source line comes from.
  const scriptCounts = new Map<number, number>();
  for (let i = 0; i < snap.locations.length; i += 4) scriptCounts.set(snap.locations[i + 1]!, (scriptCounts.get(snap.locations[i + 1]!) ?? 0) + 1);
  const bundleScript = [...scriptCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const owner = new Map<number, string>();
  const classModule = new Map<string, string | null>();
  for (let i = 0; i < snap.locations.length; i += 4) {
    if (snap.locations[i + 1] !== bundleScript) continue;
    const node = snap.locations[i]! / graph.nodeFieldCount;
    const segment = traceSegment(map, snap.locations[i + 2]!, snap.locations[i + 3]!);
    if (!segment || segment.length < 4) continue;
    const module = moduleOf(map.sources[segment[1]!] ?? '');
    owner.set(node, module);
    // A function's name is also the name of the instances it constructs; ambiguous names are dropped.
    const name = graph.name(node);
    if (name && /^[A-Z$]/.test(name)) classModule.set(name, classModule.has(name) && classModule.get(name) !== module ? null : module);
  }
  for (let node = 0; node < graph.nodeCount; node++) {
    if (graph.type(node) !== 'object') continue;
    const module = classModule.get(graph.name(node));
    if (module) owner.set(node, module);
  }
  // Count each retained subtree once: skip a node whose dominator chain already holds an owned node.
  const dominator = graph.dominators();
  const shares = new Map<string, number>();
  for (const [node, module] of owner) {
    let up = dominator[node]!;
    while (up !== 0 && !owner.has(up)) up = dominator[up]!;
    if (up !== 0) continue;
    shares.set(module, (shares.get(module) ?? 0) + retained[node]!);
  }
  const result: ModuleShare[] = [...shares.entries()]
    .sort((a, b) => b[1] - a[1])
    .filter(([, bytes]) => bytes >= 10 * 1024)
    .map(([module, bytes]) => ({ module: `module ${module}`, bytes, note: 'retained by its functions and class instances (a lower bound: shared objects are not counted)' }));
  // By kind of object, as DevTools' statistics view shows it (self sizes; the whole heap).
  const byType = new Map<string, number>();
  for (let node = 0; node < graph.nodeCount; node++) byType.set(graph.type(node), (byType.get(graph.type(node)) ?? 0) + graph.selfSize(node));
  for (const [type, bytes] of [...byType.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)) {
    result.push({ module: `all ${type === 'code' ? 'code (function metadata, bytecode)' : type} objects`, bytes, note: 'self sizes, whole heap' });
  }
  for (let node = 0; node < graph.nodeCount; node++) {
    if (graph.selfSize(node) >= 1024 * 1024) result.push({ module: `largest object: ${graph.type(node)} "${graph.name(node).slice(0, 40).replace(/\s+/g, ' ')}…"`, bytes: graph.selfSize(node), note: describeLarge(graph, node) });
  }
  const attributed = [...shares.values()].reduce((a, b) => a + b, 0);
  result.push({ module: 'not attributed to one module', bytes: total - attributed, note: `of ${(total / 1024 / 1024).toFixed(1)} MB in the snapshot: runtime, shapes, shared strings, function metadata` });
  return result;
}

function describeLarge(graph: HeapGraph, node: number): string {
  if (graph.type(node) === 'string' && graph.name(node).startsWith('#!')) return 'the bundle source text, kept by V8; two bytes per character when it holds any non-Latin-1 character';
  return 'one object';
}

/** node_modules/<package> (with scope) → package; our own sources → "mailbadge (native-host, lib)". */
function moduleOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return match ? match[1]! : 'mailbadge (native-host, lib)';
}

/** The snapshot as a graph: node i is at nodes[i * nodeFieldCount]; edges of a node follow those of the previous. */
class HeapGraph {
  readonly nodeFieldCount: number;
  readonly nodeCount: number;
  private readonly firstEdge: Uint32Array;
  private readonly f: { type: number; name: number; size: number; edges: number; edgeType: number; toNode: number; edgeFields: number };
  private readonly nodeTypes: string[];
  private readonly weak: number;

  constructor(private readonly s: z.infer<typeof Snapshot>) {
    const meta = s.snapshot.meta;
    this.nodeFieldCount = meta.node_fields.length;
    this.nodeCount = s.nodes.length / this.nodeFieldCount;
    this.nodeTypes = meta.node_types[0];
    this.weak = meta.edge_types[0].indexOf('weak');
    this.f = {
      type: meta.node_fields.indexOf('type'),
      name: meta.node_fields.indexOf('name'),
      size: meta.node_fields.indexOf('self_size'),
      edges: meta.node_fields.indexOf('edge_count'),
      edgeType: meta.edge_fields.indexOf('type'),
      toNode: meta.edge_fields.indexOf('to_node'),
      edgeFields: meta.edge_fields.length,
    };
    this.firstEdge = new Uint32Array(this.nodeCount + 1);
    for (let n = 0; n < this.nodeCount; n++) this.firstEdge[n + 1] = this.firstEdge[n]! + s.nodes[n * this.nodeFieldCount + this.f.edges]!;
  }

  type(node: number): string {
    return this.nodeTypes[this.s.nodes[node * this.nodeFieldCount + this.f.type]!]!;
  }

  name(node: number): string {
    return this.s.strings[this.s.nodes[node * this.nodeFieldCount + this.f.name]!] ?? '';
  }

  selfSize(node: number): number {
    return this.s.nodes[node * this.nodeFieldCount + this.f.size]!;
  }

  /** Strong edges only: a weak reference keeps nothing alive. */
  children(node: number): number[] {
    const out: number[] = [];
    for (let e = this.firstEdge[node]!; e < this.firstEdge[node + 1]!; e++) {
      const base = e * this.f.edgeFields;
      if (this.s.edges[base + this.f.edgeType] === this.weak) continue;
      out.push(this.s.edges[base + this.f.toNode]! / this.nodeFieldCount);
    }
    return out;
  }

  private cachedDominators: Int32Array | undefined;

  /** Immediate dominators from the root (node 0): Cooper, Harvey and Kennedy's iterative algorithm. */
  dominators(): Int32Array {
    if (this.cachedDominators) return this.cachedDominators;
    const order: number[] = [];
    const postIndex = new Int32Array(this.nodeCount).fill(-1);
    const seen = new Uint8Array(this.nodeCount);
    const predecessors: number[][] = Array.from({ length: this.nodeCount }, () => []);
    const stack: [number, number][] = [[0, 0]];
    const kids = new Map<number, number[]>();
    seen[0] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const list = kids.get(top[0]) ?? (kids.set(top[0], this.children(top[0])), kids.get(top[0])!);
      if (top[1] < list.length) {
        const child = list[top[1]++]!;
        predecessors[child]!.push(top[0]);
        if (!seen[child]) {
          seen[child] = 1;
          stack.push([child, 0]);
        }
      } else {
        stack.pop();
        kids.delete(top[0]);
        postIndex[top[0]] = order.length;
        order.push(top[0]);
      }
    }
    const dom = new Int32Array(this.nodeCount).fill(-1);
    dom[0] = 0;
    const intersect = (a: number, b: number): number => {
      while (a !== b) {
        while (postIndex[a]! < postIndex[b]!) a = dom[a]!;
        while (postIndex[b]! < postIndex[a]!) b = dom[b]!;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = order.length - 2; i >= 0; i--) {
        const node = order[i]!;
        let idom = -1;
        for (const p of predecessors[node]!) if (dom[p] !== -1) idom = idom === -1 ? p : intersect(p, idom);
        if (idom !== -1 && dom[node] !== idom) {
          dom[node] = idom;
          changed = true;
        }
      }
    }
    // Unreachable nodes (garbage not yet collected) hang off the root so every node has a dominator.
    for (let n = 0; n < this.nodeCount; n++) if (dom[n] === -1) dom[n] = 0;
    this.cachedDominators = dom;
    return dom;
  }

  retainedSizes(): Float64Array {
    const dom = this.dominators();
    const size = new Float64Array(this.nodeCount);
    for (let n = 0; n < this.nodeCount; n++) size[n] = this.selfSize(n);
    // Children before parents: accumulate along the dominator tree in reverse discovery order.
    const depth = new Int32Array(this.nodeCount);
    const depthOf = (n: number): number => {
      if (n === 0 || depth[n]) return depth[n]!;
      const path: number[] = [];
      let x = n;
      while (x !== 0 && !depth[x]) {
        path.push(x);
        x = dom[x]!;
      }
      let d = depth[x]!;
      for (let i = path.length - 1; i >= 0; i--) depth[path[i]!] = ++d;
      return depth[n]!;
    };
    const nodes = [...Array(this.nodeCount).keys()].sort((a, b) => depthOf(b) - depthOf(a));
    for (const n of nodes) if (n !== 0) size[dom[n]!] = size[dom[n]!]! + size[n]!;
    return size;
  }
}
