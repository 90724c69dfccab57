// The worker's one native-messaging port: connects, checks the helper's protocol and every arriving message, matches
// replies to requests, and reconnects with backoff.
import { browser, type Browser } from 'wxt/browser';
import { backoffDelay } from './backoff';
import { NATIVE_HOST_NAME } from './extension-identity';
import { protocolMismatch } from './host-version';
import { INSTALL_COMMAND } from './install-command';
import { HostToExtension, parseMessage, type ExtensionToHost, type Problem } from './protocol';
import type { HostLoss } from './state';

export interface HostPortListener {
  /** A port is open; the helper's hello has not been checked yet. */
  connected(): void;
  /** A checked message from a helper that speaks our protocol, in arrival order. */
  message(message: HostToExtension): void;
  lost(kind: HostLoss, problem: Problem): void;
}

export type HostPortRequest = ExtensionToHost extends infer R ? (R extends { id: string } ? Omit<R, 'id'> : never) : never;

const REQUEST_TIMEOUT_MS = 30_000;
/** Messages held until the helper's hello is checked; a helper sends a few status events before it, never this many. */
const MAX_EARLY_MESSAGES = 200;

/**
 * How a browser says the host is not registered for this extension. Chromium: "Specified native messaging host not
 * found." or "Access to the specified native messaging host is forbidden."; Firefox: "No such native application …"
 * (also when the manifest's allowed_extensions lacks our ID).
 */
const HOST_MISSING = /not found|forbidden|no such native application/i;

export class HostPort {
  private port: Browser.runtime.Port | undefined;
  /** Whether this port's helper answered hello with our protocol; until then its messages wait in `early`. */
  private checked = false;
  private early: HostToExtension[] = [];
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, (reply: HostToExtension) => void>();

  constructor(
    private readonly listener: HostPortListener,
    private readonly extensionVersion: string,
  ) {}

  get isConnected(): boolean {
    return this.port !== undefined;
  }

  connect(): void {
    if (this.port) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const port = browser.runtime.connectNative(NATIVE_HOST_NAME);
    this.port = port;
    this.checked = false;
    this.early = [];
    port.onMessage.addListener((raw: unknown) => this.receive(port, raw));
    port.onDisconnect.addListener(() => this.disconnected(port));
    void this.request({ type: 'hello', extensionVersion: this.extensionVersion });
    this.listener.connected();
  }

  /** Sends a request; resolves with the host's reply (an error reply included), or an error reply on timeout. */
  request(request: HostPortRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<HostToExtension> {
    const id = `w${this.nextId++}`;
    const timeout: HostToExtension = { type: 'error', id, problem: { code: 'TIMEOUT', message: 'The Mailbadge host did not answer in time.' } };
    if (!this.port) return Promise.resolve({ ...timeout, problem: { code: 'HOST_EXITED', message: 'The Mailbadge host is not running; retrying.' } });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, timeout), timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.port!.postMessage({ ...request, id });
    });
  }

  private receive(port: Browser.runtime.Port, raw: unknown): void {
    if (port !== this.port) return;
    const parsed = parseMessage(HostToExtension, raw, 'A message from the Mailbadge host');
    if (!parsed.ok) {
      console.warn('mailbadge:', parsed.problem.message);
      return;
    }
    const message = parsed.value;
    if (this.checked) return this.deliver(message);
    if (message.type !== 'hello') {
      if (this.early.length < MAX_EARLY_MESSAGES) this.early.push(message);
      return;
    }
    const mismatch = protocolMismatch(message, this.extensionVersion);
    if (mismatch) return this.giveUp(port, mismatch);
    this.checked = true;
    this.attempt = 0; // a working host resets the backoff
    const early = this.early;
    this.early = [];
    for (const held of [message, ...early]) this.deliver(held);
  }

  private deliver(message: HostToExtension): void {
    this.listener.message(message);
    if ('id' in message && message.id) this.settle(message.id, message);
  }

  private settle(id: string, reply: HostToExtension): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(reply);
  }

  /** A helper of another protocol: close its port (the browser then ends it) and try again later, in case it was updated. */
  private giveUp(port: Browser.runtime.Port, problem: Problem): void {
    port.disconnect();
    this.closed('incompatible', problem);
  }

  private disconnected(port: Browser.runtime.Port): void {
    if (this.port !== port) return;
    // Chromium reports why in runtime.lastError, Firefox in port.error.
    const reason = (port as { error?: { message?: string } }).error?.message ?? browser.runtime.lastError?.message ?? '';
    if (HOST_MISSING.test(reason)) {
      this.closed('missing', {
        code: 'HOST_NOT_INSTALLED',
        message: `The Mailbadge helper is not installed for this browser. Install it with: ${INSTALL_COMMAND}`,
      });
    } else {
      this.closed('disconnected', { code: 'HOST_EXITED', message: `The Mailbadge host stopped (${reason || 'no reason given'}); reconnecting.` });
    }
  }

  private closed(kind: HostLoss, problem: Problem): void {
    this.port = undefined;
    this.early = [];
    // Requests still waiting get the reason; a mismatch is the answer to each of them, not "stopped before answering".
    const unanswered: Problem = kind === 'incompatible' ? problem : { code: 'HOST_EXITED', message: 'The Mailbadge host stopped before answering.' };
    for (const id of [...this.pending.keys()]) this.settle(id, { type: 'error', id, problem: unanswered });
    this.listener.lost(kind, problem);
    this.retryTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
  }
}
