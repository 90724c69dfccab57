// The worker's one native-messaging port: connects, checks every arriving message, matches replies, reconnects with backoff.
import { browser, type Browser } from 'wxt/browser';
import { backoffDelay } from './backoff';
import { INSTALL_COMMAND } from './install-command';
import { NATIVE_HOST_NAME } from './extension-identity';
import { HostToExtension, parseMessage, type ExtensionToHost, type Problem } from './protocol';


export interface HostPortListener {
  connected(): void;
  message(message: HostToExtension): void;
  lost(kind: 'missing' | 'disconnected', problem: Problem): void;
}

type Request = ExtensionToHost extends infer R ? (R extends { id: string } ? Omit<R, 'id'> : never) : never;

const REQUEST_TIMEOUT_MS = 30_000;

export class HostPort {
  private port: Browser.runtime.Port | undefined;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly pending = new Map<string, (reply: HostToExtension) => void>();

  constructor(private readonly listener: HostPortListener) {}

  get isConnected(): boolean {
    return this.port !== undefined;
  }

  connect(): void {
    if (this.port) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const port = browser.runtime.connectNative(NATIVE_HOST_NAME);
    this.port = port;
    port.onMessage.addListener((raw: unknown) => this.receive(raw));
    port.onDisconnect.addListener(() => this.disconnected(port));
    this.listener.connected();
  }

  /** Sends a request; resolves with the host's reply (an error reply included), or an error reply on timeout. */
  request(request: Request): Promise<HostToExtension> {
    const id = `w${this.nextId++}`;
    const timeout: HostToExtension = { type: 'error', id, problem: { code: 'TIMEOUT', message: 'The Mailbadge host did not answer in time.' } };
    if (!this.port) return Promise.resolve({ ...timeout, problem: { code: 'HOST_EXITED', message: 'The Mailbadge host is not running; retrying.' } });
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, timeout), REQUEST_TIMEOUT_MS);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.port!.postMessage({ ...request, id });
    });
  }

  private receive(raw: unknown): void {
    const parsed = parseMessage(HostToExtension, raw, 'A message from the Mailbadge host');
    if (!parsed.ok) {
      console.warn('mailbadge:', parsed.problem.message);
      return;
    }
    this.attempt = 0; // a working host resets the backoff
    const message = parsed.value;
    this.listener.message(message);
    if ('id' in message && message.id) this.settle(message.id, message);
  }

  private settle(id: string, reply: HostToExtension): void {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(reply);
  }

  private disconnected(port: Browser.runtime.Port): void {
    if (this.port !== port) return;
    this.port = undefined;
    const reason = browser.runtime.lastError?.message ?? '';
    for (const id of [...this.pending.keys()]) {
      this.settle(id, { type: 'error', id, problem: { code: 'HOST_EXITED', message: 'The Mailbadge host stopped before answering.' } });
    }
    if (/not found|forbidden/i.test(reason)) {
      this.listener.lost('missing', {
        code: 'HOST_NOT_INSTALLED',
        message: `The Mailbadge host is not installed for this browser. In the Mailbadge folder run: ${INSTALL_COMMAND}`,
      });
    } else {
      this.listener.lost('disconnected', { code: 'HOST_EXITED', message: `The Mailbadge host stopped (${reason || 'no reason given'}); reconnecting.` });
    }
    this.retryTimer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
  }
}
