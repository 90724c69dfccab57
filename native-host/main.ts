#!/usr/bin/env node
// Entry point: started by a browser it is the native-messaging host; started by a person it is the command line.
import { runCli } from './cli';
import { describeThrown, toProblem } from './errors';
import { encodeFrame } from './messaging/framing';
import { runNativeHost } from './messaging/native-host';

/** Chromium passes the caller's origin; Firefox passes the manifest path and the extension ID. */
function startedByBrowser(argv: string[]): boolean {
  const first = argv[0];
  if (first === undefined) return !process.stdin.isTTY;
  return first.startsWith('chrome-extension://') || first.endsWith('.json');
}

const argv = process.argv.slice(2);
if (startedByBrowser(argv)) {
  // stdout carries frames only; anything else would corrupt the stream, so console.log goes to stderr.
  console.log = (...parts: unknown[]) => process.stderr.write(parts.map(String).join(' ') + '\n');
  try {
    await runNativeHost({ input: process.stdin, output: process.stdout });
  } catch (error) {
    // Whatever failed before the loop ran (the password store, say), the browser gets a last frame saying so.
    process.stderr.write(`mailbadge: the host stopped: ${describeThrown(error)}\n`);
    process.stdout.write(encodeFrame({ type: 'error', problem: toProblem(error) }));
  }
  process.exit(0);
} else {
  process.exitCode = await runCli(argv);
}
