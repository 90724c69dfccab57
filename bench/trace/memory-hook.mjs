// Loaded into a host process with NODE_OPTIONS=--import by bench/sections/memory.ts: on SIGUSR2 it writes the
// process's memory figures (and, if asked, a heap snapshot) to files. It changes nothing else; stdout stays the host's.
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';

const report = process.env.MAILBADGE_MEMORY_REPORT;
const snapshot = process.env.MAILBADGE_HEAP_SNAPSHOT;
if (report) {
  process.on('SIGUSR2', () => {
    const usage = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = v8.getHeapSpaceStatistics().map((s) => ({ name: s.space_name, size: s.space_size, used: s.space_used_size }));
    if (snapshot) v8.writeHeapSnapshot(snapshot);
    writeFileSync(report, JSON.stringify({ usage, heapSizeLimit: heap.heap_size_limit, totalHeapSize: heap.total_heap_size, usedHeapSize: heap.used_heap_size, spaces }));
  });
}
