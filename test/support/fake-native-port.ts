// A stand-in for the native helper at the one seam where the extension meets it, browser.runtime.connectNative; every
// other chrome.* API in these tests is WXT's fake browser. Each port answers like the real host: requests in order,
// events pushed whenever the test says, an exit with the reason Chrome would put in runtime.lastError.
import { vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PROTOCOL_VERSION, type AccountView, type ExtensionToHost, type HostToExtension } from '../../lib/protocol';

type Listener<A extends unknown[]> = (...args: A) => void;

/** The part of chrome.events.Event the extension uses, plus a way to fire it. */
class FakeEvent<A extends unknown[]> {
  private listeners: Listener<A>[] = [];
  addListener(listener: Listener<A>): void {
    this.listeners.push(listener);
  }
  removeListener(listener: Listener<A>): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
  hasListener(listener: Listener<A>): boolean {
    return this.listeners.includes(listener);
  }
  hasListeners(): boolean {
    return this.listeners.length > 0;
  }
  fire(...args: A): void {
    for (const listener of [...this.listeners]) listener(...args);
  }
}

/** What the fake helper answers to a request: messages to send (events first, the reply last), or none. */
export type Answer = (request: ExtensionToHost, helper: FakeHelper) => unknown[] | undefined;

export class FakeNativePort {
  readonly name = 'app.mailbadge.host';
  readonly onMessage = new FakeEvent<[unknown, FakeNativePort]>();
  readonly onDisconnect = new FakeEvent<[FakeNativePort]>();
  /** Set when the extension closed this port itself. */
  closedByExtension = false;
  private exited = false;

  constructor(private readonly helper: FakeHelper) {}

  postMessage(message: unknown): void {
    if (this.closedByExtension || this.exited) throw new Error('Attempting to use a disconnected port object');
    const request = structuredClone(message) as ExtensionToHost;
    this.helper.requests.push(request);
    const answers = this.helper.answer(request, this.helper) ?? [];
    // Chrome delivers asynchronously; so does the fake, in order.
    void Promise.resolve().then(() => {
      for (const answer of answers) this.push(answer);
    });
  }

  disconnect(): void {
    this.closedByExtension = true;
  }

  /** The helper sends a frame (anything: the extension must check it). */
  push(message: unknown): void {
    if (!this.closedByExtension && !this.exited) this.onMessage.fire(structuredClone(message), this);
  }

  /** The helper process ends; Chrome reports why in runtime.lastError while onDisconnect runs. */
  exit(reason = 'Native host has exited.'): void {
    this.exited = true;
    const runtime = fakeBrowser.runtime as { lastError?: { message: string } };
    runtime.lastError = { message: reason };
    try {
      this.onDisconnect.fire(this);
    } finally {
      runtime.lastError = undefined;
    }
  }
}

/** The helper behind every port the extension opens; `answer` and `accounts` can be changed between steps. */
export class FakeHelper {
  readonly ports: FakeNativePort[] = [];
  readonly requests: ExtensionToHost[] = [];
  accounts: AccountView[] = [];
  protocolVersion = PROTOCOL_VERSION;
  /** When set, connectNative opens a port that fails at once with this reason (e.g. the host is not installed). */
  failWith: string | undefined;
  answer: Answer = standardAnswer;

  /** Replaces connectNative (which the fake browser does not implement) for the rest of the test. */
  install(): this {
    vi.spyOn(fakeBrowser.runtime, 'connectNative').mockImplementation(() => {
      const port = new FakeNativePort(this);
      this.ports.push(port);
      const failure = this.failWith;
      if (failure !== undefined) void Promise.resolve().then(() => port.exit(failure));
      return port as unknown as Browser.runtime.Port;
    });
    return this;
  }

  get port(): FakeNativePort {
    const port = this.ports.at(-1);
    if (!port) throw new Error('the extension has not connected yet');
    return port;
  }

  requestsOf<T extends ExtensionToHost['type']>(type: T): Extract<ExtensionToHost, { type: T }>[] {
    return this.requests.filter((r): r is Extract<ExtensionToHost, { type: T }> => r.type === type);
  }
}

/** Like the real host: hello with its protocol, the state of its accounts, ok for everything else. */
export function standardAnswer(request: ExtensionToHost, helper: FakeHelper): HostToExtension[] {
  switch (request.type) {
    case 'hello':
      return [{ type: 'hello', id: request.id, hostVersion: '0.1.0', protocolVersion: helper.protocolVersion }];
    case 'getState':
      return [{ type: 'state', id: request.id, accounts: helper.accounts }];
    default:
      return [{ type: 'ok', id: request.id }];
  }
}

/** Lets promise chains (fake storage, the worker's update queue, port deliveries) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
