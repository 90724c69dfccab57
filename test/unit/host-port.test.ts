// The worker's native port with WXT's fake browser and a fake helper behind connectNative: checked messages, replies
// matched by id, the protocol check from hello, and reconnecting with backoff when the helper goes away.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BACKOFF_MIN_MS } from '../../lib/backoff';
import { HostPort } from '../../lib/host-port';
import { INSTALL_COMMAND } from '../../lib/install-command';
import { PROTOCOL_VERSION, type HostToExtension, type Problem } from '../../lib/protocol';
import type { HostLoss } from '../../lib/state';
import { FakeHelper, settle, standardAnswer } from '../support/fake-native-port';

let helper: FakeHelper;
let messages: HostToExtension[];
let losses: { kind: HostLoss; problem: Problem }[];
let connects: number;
let port: HostPort;

beforeEach(() => {
  fakeBrowser.reset();
  helper = new FakeHelper().install();
  messages = [];
  losses = [];
  connects = 0;
  port = new HostPort(
    {
      connected: () => void connects++,
      message: (message) => void messages.push(message),
      lost: (kind, problem) => void losses.push({ kind, problem }),
    },
    '0.1.0',
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const event: HostToExtension = { type: 'accountStatus', account: 'Work', status: { state: 'ok', at: '2026-11-25T10:00:00.000Z' } };

describe('host port', () => {
  it('says hello with the extension version, and passes on checked messages after the hello', async () => {
    port.connect();
    expect(connects).toBe(1);
    expect(helper.requests).toEqual([{ type: 'hello', id: 'w1', extensionVersion: '0.1.0' }]);
    await settle();
    helper.port.push(event);
    expect(messages).toEqual([{ type: 'hello', id: 'w1', hostVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION }, event]);
  });

  it('answers each request with the reply that carries its id', async () => {
    port.connect();
    helper.accounts = [];
    const [state, ok] = await Promise.all([port.request({ type: 'getState' }), port.request({ type: 'refresh' })]);
    expect(state).toEqual({ type: 'state', id: 'w2', accounts: [] });
    expect(ok).toEqual({ type: 'ok', id: 'w3' });
  });

  it('drops a message that fails the protocol schema, with a warning, and keeps going', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    port.connect();
    await settle();
    helper.port.push({ type: 'folderCounts', account: 'Work', folders: [{ path: 'INBOX', unseen: 1, total: 1 }], at: 'x' });
    helper.port.push(event);
    expect(messages.map((m) => m.type)).toEqual(['hello', 'accountStatus']);
    expect(String(warn.mock.calls[0]?.[1])).toContain('folders.0.folder');
  });

  it('holds what the helper sends before its hello, and delivers it in order after a matching hello', async () => {
    helper.answer = () => undefined; // the hello reply comes when the test says
    port.connect();
    helper.port.push(event);
    expect(messages).toEqual([]);
    helper.port.push({ type: 'hello', id: 'w1', hostVersion: '0.1.0', protocolVersion: PROTOCOL_VERSION });
    expect(messages.map((m) => m.type)).toEqual(['hello', 'accountStatus']);
  });

  it('answers waiting requests with HOST_EXITED when the helper stops, and reports the loss', async () => {
    helper.answer = (request, h) => (request.type === 'hello' ? standardAnswer(request, h) : undefined);
    port.connect();
    const waiting = port.request({ type: 'getState' });
    await settle();
    helper.port.exit('Native host has exited.');
    expect(await waiting).toMatchObject({ type: 'error', problem: { code: 'HOST_EXITED' } });
    expect(losses).toEqual([{ kind: 'disconnected', problem: { code: 'HOST_EXITED', message: 'The Mailbadge host stopped (Native host has exited.); reconnecting.' } }]);
    expect(port.isConnected).toBe(false);
  });

  it('reports a helper that is not installed with the install command', async () => {
    helper.failWith = 'Specified native messaging host not found.';
    port.connect();
    await settle();
    expect(losses).toHaveLength(1);
    expect(losses[0]!.kind).toBe('missing');
    expect(losses[0]!.problem).toMatchObject({ code: 'HOST_NOT_INSTALLED' });
    expect(losses[0]!.problem.message).toContain(INSTALL_COMMAND);
  });
});

describe('host port reconnecting', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1); // the longest delay of each step: 1 s, 2 s, 4 s …
  });

  it('reconnects after an exit with a delay that doubles while the helper keeps failing', async () => {
    helper.failWith = 'Native host has exited.';
    port.connect();
    await settle();
    expect(helper.ports).toHaveLength(1);

    for (const [attempt, delay] of [[2, BACKOFF_MIN_MS], [3, 2 * BACKOFF_MIN_MS], [4, 4 * BACKOFF_MIN_MS]] as const) {
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(helper.ports).toHaveLength(attempt - 1);
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(helper.ports).toHaveLength(attempt);
    }
    expect(losses.map((l) => l.kind)).toEqual(['disconnected', 'disconnected', 'disconnected', 'disconnected']);
  });

  it('starts the backoff over once a helper has said a matching hello', async () => {
    helper.failWith = 'Native host has exited.';
    port.connect();
    await settle();
    await vi.advanceTimersByTimeAsync(BACKOFF_MIN_MS);
    await settle();
    helper.failWith = undefined;
    await vi.advanceTimersByTimeAsync(2 * BACKOFF_MIN_MS);
    await settle();
    expect(helper.ports).toHaveLength(3);
    expect(port.isConnected).toBe(true);

    helper.port.exit();
    await vi.advanceTimersByTimeAsync(BACKOFF_MIN_MS);
    await settle();
    expect(helper.ports).toHaveLength(4);
  });
});

describe('host port protocol check', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    vi.spyOn(Math, 'random').mockReturnValue(1);
  });

  it('closes a helper of an older protocol, answers waiting requests with HOST_OUTDATED, and never passes on its messages', async () => {
    helper.protocolVersion = PROTOCOL_VERSION - 1;
    helper.answer = (request, h) => (request.type === 'hello' ? [event, ...standardAnswer(request, h)] : undefined);
    port.connect();
    const waiting = port.request({ type: 'getState' });
    await settle();

    expect(helper.port.closedByExtension).toBe(true);
    expect(port.isConnected).toBe(false);
    expect(messages).toEqual([]);
    expect(await waiting).toMatchObject({ type: 'error', problem: { code: 'HOST_OUTDATED' } });
    expect(losses).toHaveLength(1);
    expect(losses[0]!.kind).toBe('incompatible');
    expect(losses[0]!.problem.code).toBe('HOST_OUTDATED');
    expect(losses[0]!.problem.message).toContain(INSTALL_COMMAND);
  });

  it('asks for an extension update when the helper speaks a newer protocol', async () => {
    helper.protocolVersion = PROTOCOL_VERSION + 1;
    port.connect();
    await settle();
    expect(losses.map((l) => [l.kind, l.problem.code])).toEqual([['incompatible', 'EXTENSION_OUTDATED']]);
  });

  it('tries again later with growing delays, and takes an updated helper into use', async () => {
    helper.protocolVersion = PROTOCOL_VERSION - 1;
    port.connect();
    await settle();
    await vi.advanceTimersByTimeAsync(BACKOFF_MIN_MS);
    await settle();
    expect(helper.ports).toHaveLength(2);
    // Still old: the next try waits twice as long (an old helper's hello does not reset the backoff).
    await vi.advanceTimersByTimeAsync(2 * BACKOFF_MIN_MS - 1);
    expect(helper.ports).toHaveLength(2);
    helper.protocolVersion = PROTOCOL_VERSION;
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(helper.ports).toHaveLength(3);
    expect(port.isConnected).toBe(true);
    expect(messages.map((m) => m.type)).toEqual(['hello']);
  });
});
