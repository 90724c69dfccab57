#!/usr/bin/env node
// Entry point: started by a browser it is the native-messaging host; started by a person it is the command line.
// Each mode loads only its own modules (the bundle is split at these imports): the host started by a browser never
// loads the command line's install, doctor and discovery code, and holds less memory for as long as it runs.
import { describeThrown, toProblem } from './errors';
import { encodeFrame } from './messaging/framing';

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
    const { runNativeHost } = await import('./messaging/native-host');
    await runNativeHost({ input: process.stdin, output: process.stdout });
  } catch (error) {
    // Whatever failed before the loop ran (the password store, say), the browser gets a last frame saying so.
    process.stderr.write(`mailbadge: the host stopped: ${describeThrown(error)}\n`);
    process.stdout.write(encodeFrame({ type: 'error', problem: toProblem(error) }));
  }
  process.exit(0);
} else {
  const { runCli } = await import('./cli');
  process.exitCode = await runCli(argv);
}
