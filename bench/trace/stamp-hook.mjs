// Loaded into a host process with `node --import` by bench/latency-trace.ts: stamps each pushed `* STATUS` line the
// moment its decrypted bytes reach the TLS socket, and each line the process writes to stdout, into a trace file.
// It changes nothing the host does; stdout stays the host's (the stamps go to $MAILBADGE_TRACE_FILE).
import { openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';

const file = process.env.MAILBADGE_TRACE_FILE;
if (file) {
  const fd = openSync(file, 'a');
  // Wall-clock milliseconds with microsecond resolution, comparable across processes on one machine.
  const now = () => performance.timeOrigin + performance.now();
  const record = (entry) => writeSync(fd, `${JSON.stringify(entry)}\n`);

  const emit = TLSSocket.prototype.emit;
  TLSSocket.prototype.emit = function stampedEmit(event, ...args) {
    if (event === 'data') {
      const at = now();
      const text = Buffer.isBuffer(args[0]) ? args[0].toString('latin1') : String(args[0]);
      // Only folder names are kept: the trace never holds message content.
      for (const match of text.matchAll(/^\* STATUS ("(?:[^"\\]|\\.)*"|[^\s(]+) \(/gm)) {
        record({ kind: 'socket-read', at, folder: match[1].replace(/^"|"$/g, '') });
      }
    }
    return emit.call(this, event, ...args);
  };

  const write = process.stdout.write;
  process.stdout.write = function stampedWrite(chunk, ...rest) {
    const at = now();
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const line of text.split('\n')) {
      const folder = /"type":"counts".*?"folder":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
      if (folder !== undefined) record({ kind: 'stdout-write', at, folder });
    }
    return write.call(this, chunk, ...rest);
  };
}
