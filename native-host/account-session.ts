// One account's live session: connects, reports counts, watches for changes and reconnects after a drop.
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../lib/account';
import type { AccountStatus, AccountView, ErrorCode, FolderCount, Problem } from '../lib/protocol';
import { backoffDelay } from '../lib/backoff';
import { HostError, toProblem } from './errors';
import { openImapSession } from './imap/connect';
import { readFolderCounts } from './imap/folder-counts';
import type { SecretStore } from './secrets';

export interface SessionListener {
  status(account: string, status: AccountStatus): void;
  counts(account: string, folders: FolderCount[], at: string): void;
}

/** Failures that retrying cannot fix: the user has to act (and hammering could lock the account). */
const NEEDS_USER: ReadonlySet<ErrorCode> = new Set([
  'AUTH_FAILED',
  'SECRET_MISSING',
  'TLS_UNTRUSTED',
  'TLS_PIN_MISMATCH',
  'STARTTLS_UNAVAILABLE',
]);

/** Folders other than the IDLE one are re-counted this often while connected. */
const POLL_OTHERS_MS = 60_000;
/** Several IDLE events in a burst (a message arriving sends EXISTS and FETCH) become one refresh. */
const REFRESH_COALESCE_MS = 30;

export class AccountSession {
  private readonly stopper = new AbortController();
  private client: ImapFlow | undefined;
  private current: AccountStatus = { state: 'connecting', at: new Date().toISOString() };
  private counts: FolderCount[] = [];
  private countsAt: string | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly account: AccountSettings,
    private readonly secrets: SecretStore,
    private readonly listener: SessionListener,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Settles when the session has stopped for good (after stop(), or never while it retries). */
  get finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    clearTimeout(this.refreshTimer);
    this.wakeRetry?.();
    this.client?.close();
    await this.running;
  }

  view(): AccountView {
    const { name, host, user, folders } = this.account;
    return { name, host, user, folders, status: this.current, counts: this.counts, ...(this.countsAt ? { countsAt: this.countsAt } : {}) };
  }

  /** Re-count now; after a failure that needed the user, try connecting again. */
  refresh(): void {
    if (this.client?.usable) this.scheduleRefresh(0);
    else this.wakeRetry?.();
  }

  private async run(): Promise<void> {
    const signal = this.stopper.signal;
    for (let attempt = 0; !signal.aborted; ) {
      this.setStatus('connecting');
      let problem: Problem;
      try {
        await this.connectAndWatch();
        attempt = 0;
        problem = { code: 'CONNECT_FAILED', message: `The connection to ${this.account.host} was closed; reconnecting.` };
      } catch (error) {
        problem = toProblem(error);
        if (!(error instanceof HostError)) process.stderr.write(`mailbadge: ${this.account.name}: ${String(error)}\n`);
      } finally {
        this.client?.close();
        this.client = undefined;
      }
      if (signal.aborted) break;
      if (NEEDS_USER.has(problem.code)) {
        this.setStatus('error', problem);
        await this.waitForRetry(); // until refresh() or stop()
      } else {
        this.setStatus('offline', problem);
        await this.waitForRetry(backoffDelay(attempt++));
      }
    }
  }

  private async connectAndWatch(): Promise<void> {
    const password = await this.secrets.get(this.account.name);
    if (password === undefined) {
      throw new HostError('SECRET_MISSING', `No password is stored for account "${this.account.name}". Set it again in the options.`);
    }
    const client = await openImapSession(this.account, password, {
      // IDLE is restarted well before the 29 minutes after which servers may drop it (RFC 2177).
      maxIdleTime: 25 * 60_000,
      // Enter IDLE right after each command: until then a new message would go unnoticed.
      autoIdleDelay: 20,
    });
    this.client = client;
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    if (this.stopper.signal.aborted) return;
    this.setStatus('ok');
    await this.recount();
    // EXAMINE (read-only) the first watched folder so imapflow IDLEs on it; the others are polled.
    const idleFolder = this.account.folders[0] ?? 'INBOX';
    await client.mailboxOpen(idleFolder, { readOnly: true });
    for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, () => this.scheduleRefresh(REFRESH_COALESCE_MS));
    const poll = setInterval(() => this.scheduleRefresh(0), POLL_OTHERS_MS);
    try {
      await closed;
    } finally {
      clearInterval(poll);
      clearTimeout(this.refreshTimer);
    }
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.recount().catch((error: unknown) => {
        // A failed count usually means the connection broke; closing it lets run() reconnect.
        process.stderr.write(`mailbadge: ${this.account.name}: recount failed: ${toProblem(error).code}\n`);
        this.client?.close();
      });
    }, delayMs);
  }

  private async recount(): Promise<void> {
    if (!this.client) return;
    const counts = await readFolderCounts(this.client, this.account.folders);
    this.counts = counts;
    this.countsAt = new Date().toISOString();
    this.listener.counts(this.account.name, counts, this.countsAt);
  }

  private setStatus(state: AccountStatus['state'], problem?: Problem): void {
    this.current = { state, at: new Date().toISOString(), ...(problem ? { problem } : {}) };
    this.listener.status(this.account.name, this.current);
  }

  private waitForRetry(delayMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = delayMs === undefined ? undefined : setTimeout(done, delayMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = () => {
        this.wakeRetry = undefined;
        done();
      };
    });
  }
}
