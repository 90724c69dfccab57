// The dispatcher answers every request, however hostile its JSON, with one reply: never a throw or a rejection.
import { afterAll, describe, expect, it } from 'vitest';
import { HostToExtension } from '../../lib/protocol';
import type { HandlerContext } from '../../native-host/handlers/handler';
import { dispatch } from '../../native-host/messaging/dispatcher';
import { SignIns } from '../../native-host/oauth/sign-ins';
import { SessionManager } from '../../native-host/sessions';
import type { SecretStore } from '../../native-host/secrets';

const secrets: SecretStore = { kind: 'memory', get: async () => undefined, set: async () => undefined, delete: async () => undefined };
const sessions = new SessionManager(secrets, { status: () => undefined, counts: () => undefined, previews: () => undefined });
const context: HandlerContext = { sessions, hostVersion: '0.0.0-test', configDir: '/nonexistent', secrets, reloadAccounts: async () => undefined, signIns: new SignIns('/nonexistent', () => undefined), emit: () => undefined };
afterAll(() => sessions.stopAll());

/** `levels` arrays around a value, as JSON.parse builds them from "[[[…]]]". */
function nested(levels: number, inner: unknown = 'x'): unknown {
  return JSON.parse('['.repeat(levels) + JSON.stringify(inner) + ']'.repeat(levels));
}

describe('dispatcher', () => {
  it('answers a request whose type is JSON nested 5,000 levels deep with UNKNOWN_REQUEST, keeping its id', async () => {
    const reply = await dispatch({ type: nested(5_000), id: 'deep1' }, context);
    expect(reply).toMatchObject({ type: 'error', id: 'deep1', problem: { code: 'UNKNOWN_REQUEST' } });
    expect(HostToExtension.safeParse(reply).success).toBe(true);
  });

  it('names a type that is not a string by its kind, not by its contents', async () => {
    expect(await dispatch({ type: { a: nested(10) }, id: 'o1' }, context)).toMatchObject({ problem: { message: expect.stringContaining('(an object)') } });
    expect(await dispatch({ type: [1, 2], id: 'a1' }, context)).toMatchObject({ problem: { message: expect.stringContaining('(an array)') } });
    expect(await dispatch({ id: 'm1' }, context)).toMatchObject({ problem: { message: expect.stringContaining('(none)') } });
    expect(await dispatch({ type: 'x'.repeat(5_000), id: 's1' }, context)).toMatchObject({ problem: { message: expect.stringMatching(/"x{60}…"/) } });
  });

  it('answers deep nesting in any field of a known request with BAD_MESSAGE', async () => {
    const requests: Record<string, unknown>[] = [
      { type: 'markRead', account: nested(5_000), folder: 'INBOX', uidValidity: '1', uids: [1] },
      { type: 'markRead', account: 'A', folder: 'INBOX', uidValidity: '1', uids: nested(5_000, 1) },
      { type: 'saveAccount', settings: { name: nested(5_000), host: 'h', port: 993, security: 'tls', user: 'u' } },
      { type: 'testAccount', settings: nested(5_000, {}) },
    ];
    for (const [i, request] of requests.entries()) {
      const reply = await dispatch({ ...request, id: `f${i}` }, context);
      expect(reply, String(request.type)).toMatchObject({ type: 'error', id: `f${i}`, problem: { code: 'BAD_MESSAGE' } });
    }
  });

  it('turns a handler that throws something odd (not even an Error, not printable) into one INTERNAL reply', async () => {
    class ThrowingSessions extends SessionManager {
      override get(): never {
        throw Object.create(null) as object; // String() of it throws too
      }
    }
    const odd = new ThrowingSessions(secrets, { status: () => undefined, counts: () => undefined, previews: () => undefined });
    try {
      const reply = await dispatch({ type: 'listFolders', id: 'l1', account: 'Any' }, { ...context, sessions: odd });
      expect(reply).toMatchObject({ type: 'error', id: 'l1', problem: { code: 'INTERNAL' } });
    } finally {
      await odd.stopAll();
    }
  });
});
