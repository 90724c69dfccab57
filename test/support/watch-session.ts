// Runs a host AccountSession in the test process against a test Dovecot and records what it reports, stamped on arrival.
import type { AccountSettings } from '../../lib/account';
import type { FolderCount, FolderPreviews } from '../../lib/protocol';
import { AccountSession, type SessionTuning } from '../../native-host/account-session';
import type { SecretStore } from '../../native-host/secrets';
import type { DovecotServer } from './dovecot';

export class MemorySecrets implements SecretStore {
  readonly kind = 'memory';
  constructor(private readonly passwords: Record<string, string>) {}
  async get(account: string) {
    return this.passwords[account];
  }
  async set() {}
  async delete() {}
}

export interface Recorder {
  counts: { folders: FolderCount[]; at: number }[];
  previews: { folders: FolderPreviews; at: number }[];
  states: string[];
}

export interface WatchSessionOptions {
  folders: string[];
  tuning?: SessionTuning;
  /** Another port than the server's implicit-TLS one (a byte-counting relay). */
  port?: number;
}

/** Starts watching alice's folders; `seen` fills as the session reports. Stop the session when done. */
export function startWatchSession(server: DovecotServer, { folders, tuning = {}, port }: WatchSessionOptions): { session: AccountSession; seen: Recorder } {
  const account: AccountSettings = {
    name: 'Watch',
    host: server.host,
    port: port ?? server.imapsPort,
    security: 'tls',
    user: 'alice',
    folders,
    trustFingerprint: server.certFingerprint256,
  };
  const seen: Recorder = { counts: [], previews: [], states: [] };
  const session = new AccountSession(account, new MemorySecrets({ Watch: 'alice-secret' }), {
    status: (_name, status) => seen.states.push(status.state),
    counts: (_name, counted) => seen.counts.push({ folders: counted, at: Date.now() }),
    previews: (_name, previews) => seen.previews.push({ folders: previews, at: Date.now() }),
  }, tuning);
  session.start();
  return { session, seen };
}

/** Polls `read` until it returns something other than undefined or false. */
export async function until<T>(read: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The folder's count in the session's latest report. */
export function latestCount(seen: Recorder, folder: string): FolderCount | undefined {
  return seen.counts.at(-1)?.folders.find((count) => count.folder === folder);
}
