import { describe, expect, it } from 'vitest';
import { AccountSettings } from '../../lib/account';
import { ExtensionToHost, HostToExtension, parseMessage, requestIdOf } from '../../lib/protocol';

describe('protocol schemas', () => {
  it('accepts a well-formed folderCounts event', () => {
    const event = { type: 'folderCounts', account: 'Work', folders: [{ folder: 'INBOX', unseen: 3, total: 10 }], at: '2026-11-25T10:00:00.000Z' };
    expect(parseMessage(HostToExtension, event, 'event')).toEqual({ ok: true, value: event });
  });

  it('rejects negative counts with a message naming the field', () => {
    const result = parseMessage(HostToExtension, { type: 'folderCounts', account: 'Work', folders: [{ folder: 'INBOX', unseen: -1, total: 0 }], at: 'x' }, 'A message from the host');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.code).toBe('BAD_MESSAGE');
      expect(result.problem.message).toContain('folders.0.unseen');
      expect(result.problem.message).toContain('A message from the host was rejected');
    }
  });

  it('rejects an unknown message type', () => {
    expect(parseMessage(HostToExtension, { type: 'launchMissiles', id: '1' }, 'x').ok).toBe(false);
    expect(parseMessage(ExtensionToHost, { type: 'hello' }, 'x').ok).toBe(false); // no id
  });

  it('rejects an error reply whose code is not in the closed set', () => {
    expect(parseMessage(HostToExtension, { type: 'error', problem: { code: 'WHATEVER', message: 'x' } }, 'x').ok).toBe(false);
  });

  it('caps oversized strings instead of passing them through', () => {
    const huge = { type: 'accountStatus', account: 'a'.repeat(65), status: { state: 'ok', at: 'x' } };
    expect(parseMessage(HostToExtension, huge, 'x').ok).toBe(false);
  });

  it('finds the request id of a rejected request so the error can be matched to it', () => {
    expect(requestIdOf({ type: 'nope', id: 'w7' })).toBe('w7');
    expect(requestIdOf({ type: 'nope', id: 42 })).toBeUndefined();
    expect(requestIdOf('text')).toBeUndefined();
  });

  it('never lets an account view carry a password field through', () => {
    const view = {
      type: 'state',
      id: '1',
      accounts: [{ name: 'W', host: 'h', port: 993, security: 'tls', user: 'u', folders: ['INBOX'], status: { state: 'ok', at: 'x' }, counts: [], password: 'secret' }],
    };
    const result = parseMessage(HostToExtension, view, 'x');
    expect(result.ok).toBe(true);
    expect(result.ok && JSON.stringify(result.value)).not.toContain('secret');
  });
});

describe('account settings', () => {
  const base = { name: 'Work', host: 'imap.example.com', port: 993, security: 'tls', user: 'me@example.com' };

  it('defaults the watched folders to INBOX', () => {
    expect(AccountSettings.parse(base).folders).toEqual(['INBOX']);
  });

  it('normalises a pasted fingerprint to upper-case colon pairs', () => {
    const hex = 'ab'.repeat(32);
    expect(AccountSettings.parse({ ...base, trustFingerprint: hex }).trustFingerprint).toBe(Array(32).fill('AB').join(':'));
  });

  it('refuses plaintext security and a short fingerprint', () => {
    expect(AccountSettings.safeParse({ ...base, security: 'none' }).success).toBe(false);
    expect(AccountSettings.safeParse({ ...base, trustFingerprint: 'AB:CD' }).success).toBe(false);
  });

  it('refuses a server name with spaces or slashes', () => {
    expect(AccountSettings.safeParse({ ...base, host: 'imap.example.com/evil' }).success).toBe(false);
  });
});
