// An imapflow without a member the adapter uses: the session fails once with a clear error and waits for the user, without retrying or sending a byte.
import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountStatus } from '../../../lib/protocol';
import { AccountSession } from '../../account-session';
import type { SecretStore } from '../../secrets';

const secrets: SecretStore = { kind: 'memory', get: async () => 'secret', set: async () => undefined, delete: async () => undefined };

describe('a session on an unsupported imapflow', () => {
  const prototype = ImapFlow.prototype as unknown as Record<string, unknown>;
  const autoidle = prototype.autoidle;
  afterEach(() => {
    prototype.autoidle = autoidle;
  });

  it('reports "imapflow X is not supported" and stops retrying until the user acts', async () => {
    // As if an upgrade had renamed it: the check runs before connecting, so nothing listens on this port.
    prototype.autoidle = undefined;
    const states: AccountStatus[] = [];
    const account = { name: 'Old', host: '127.0.0.1', port: 9, security: 'tls' as const, user: 'u', folders: ['INBOX'] };
    const session = new AccountSession(account, secrets, { status: (_name, status) => states.push(status), counts: () => undefined, previews: () => undefined });
    session.start();
    try {
      for (let i = 0; i < 200 && !states.some((status) => status.state !== 'connecting'); i++) await new Promise((resolve) => setTimeout(resolve, 5));
      // 'error' waits for refresh(); a retryable failure would be 'offline' with a backoff timer.
      expect(states.map((status) => status.state)).toEqual(['connecting', 'error']);
      expect(states[1]?.problem).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^imapflow \d+\.\d+\.\d+ is not supported; Mailbadge needs 2\.10\.2 \(missing: ImapFlow\.autoidle\(\)\)/) });
    } finally {
      await session.stop();
    }
  });
});
