// The host as the browser starts it: frames on stdin/stdout, one session per account, events pushed as they happen.
import type { Readable, Writable } from 'node:stream';
import { watch, type FSWatcher } from 'node:fs';
import type { HostToExtension } from '../../lib/protocol';
import { removeStaleTempFiles } from '../atomic-write';
import { configDir as defaultConfigDir, loadConfig } from '../config';
import { describeThrown, HostError, toProblem } from '../errors';
import { SignIns } from '../oauth/sign-ins';
import { ensurePrivateDir } from '../private-dir';
import { openSecretStore } from '../secrets';
import { settlingSecretStore } from '../secrets/settling-secret-store';
import { SessionManager } from '../sessions';
import { HOST_VERSION } from '../version';
import { dispatch } from './dispatcher';
import { encodeFrame, FrameDecoder } from './framing';
import { framesFor } from './outgoing';

export interface NativeHostOptions {
  input: Readable;
  output: Writable;
  configDir?: string;
}

/** Runs until the browser closes stdin (or the stream breaks); resolves when everything is stopped. */
export async function runNativeHost({ input, output, configDir = defaultConfigDir() }: NativeHostOptions): Promise<void> {
  const send = (message: HostToExtension) => {
    try {
      for (const frame of framesFor(message)) output.write(frame);
    } catch (error) {
      // Nothing a message holds may stop the host; the browser at least learns that one was lost.
      process.stderr.write(`mailbadge: could not send a ${message.type} message: ${describeThrown(error)}\n`);
      output.write(encodeFrame({ type: 'error', problem: { code: 'INTERNAL', message: 'The helper could not send a message; see its log.' } }));
    }
  };

  const secrets = settlingSecretStore(await openSecretStore(configDir));
  const sessions = new SessionManager(secrets, {
    status: (account, status) => send({ type: 'accountStatus', account, status }),
    counts: (account, folders, at) => send({ type: 'folderCounts', account, folders, at }),
    previews: (account, folder, at) => send({ type: 'previews', account, ...folder, at }),
  }, configDir);

  // A config dir that another user controls is never read: its accounts and launcher would be theirs, not the user's.
  const dirProblem = await ensurePrivateDir(configDir).then(() => undefined, (error: unknown) => toProblem(error));
  // Temp files a host killed mid-write left beside the password file (they may hold passwords) go before any read.
  if (!dirProblem) await removeStaleTempFiles(configDir, ['secrets.json', 'config.json']);
  const reloadAccounts = async () => {
    try {
      if (dirProblem) throw new HostError(dirProblem.code, dirProblem.message);
      await sessions.sync((await loadConfig(configDir)).accounts);
      // `accounts add` rewrites the config even when only the password changed (kept in the keychain,
      // where no file changes): let accounts waiting for a new password try again.
      sessions.retryFailed();
    } catch (error) {
      send({ type: 'error', problem: toProblem(error) });
    }
  };
  await reloadAccounts();
  const configWatcher = dirProblem ? undefined : watchConfig(configDir, (file) => {
    // A new password changes no settings, so only a retry picks it up.
    if (file === 'secrets.json') sessions.refresh();
    else void reloadAccounts();
  });

  const decoder = new FrameDecoder();
  const signIns = new SignIns(configDir, send);
  const context = { sessions, hostVersion: HOST_VERSION, configDir, secrets, signIns, reloadAccounts, emit: send };
  /** Requests being handled: each gets its reply before the host ends. */
  const inFlight = new Set<Promise<void>>();
  let lost: Error | undefined;
  await new Promise<void>((resolve) => {
    input.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.ok) {
          const handled = dispatch(frame.value, context).then(send);
          inFlight.add(handled);
          void handled.finally(() => inFlight.delete(handled));
        } else if (frame.reason === 'stream-lost') {
          // A bad length means we lost track of frame boundaries: nothing after it can be trusted.
          lost = frame.error;
          input.destroy();
          return resolve();
        } else if (frame.reason === 'too-large') {
          const message = `A request of ${frame.bytes} bytes exceeds the host's ${frame.limit}-byte limit; it was ignored. Requests are a few KB: update the extension.`;
          send({ type: 'error', problem: { code: 'BAD_MESSAGE', message } });
        } else send({ type: 'error', problem: { code: 'BAD_MESSAGE', message: 'A message from the extension was not valid JSON; it was ignored.' } });
      }
    });
    input.once('end', resolve);
    input.once('close', resolve);
    input.once('error', () => resolve());
  });
  // Requests already read still get their replies (a few seconds at most), then, if the stream broke, why it ended.
  await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  if (lost) send({ type: 'error', problem: { code: 'BAD_MESSAGE', message: `${lost.message}; the host stops. Reload the extension.` } });
  configWatcher?.close();
  signIns.cancelAll();
  await sessions.stopAll();
  // Tokens rotated or passwords saved a moment ago are written before the process exits.
  await secrets.settle(5_000);
}

/** Re-reads accounts when another process (the CLI, the options page through another host) changes the config. */
function watchConfig(dir: string, onChange: (file: 'config.json' | 'secrets.json') => void): FSWatcher | undefined {
  const timers = new Map<string, NodeJS.Timeout>();
  try {
    return watch(dir, (_event, file) => {
      if (file !== 'config.json' && file !== 'secrets.json') return;
      // Atomic writes show up as several events; act once they settle.
      clearTimeout(timers.get(file));
      timers.set(file, setTimeout(() => onChange(file), 100));
    });
  } catch (error) {
    process.stderr.write(`mailbadge: cannot watch ${dir} for account changes (${(error as Error).message})\n`);
    return undefined;
  }
}
