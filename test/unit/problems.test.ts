// The one table of problems: every code has a sentence, a tooltip phrase and (where fixed in the options page) a fix
// label in both catalogues, and the helper stops retrying exactly for the codes only the user can fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INSTALL_COMMAND } from '../../lib/install-command';
import { needsUser, problemInfo, PROBLEMS } from '../../lib/problems';
import { ErrorCode } from '../../lib/protocol';

type Catalogue = Record<string, { message: string }>;
const catalogues: Record<string, Catalogue> = {
  en: JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8')),
  de: JSON.parse(readFileSync('public/_locales/de/messages.json', 'utf8')),
};

describe('the problems table', () => {
  it('has a row for every error code and nothing else', () => {
    expect(Object.keys(PROBLEMS).sort()).toEqual([...ErrorCode.options].sort());
  });

  it('names a sentence, a tooltip phrase and any fix label that both catalogues have', () => {
    for (const [code, info] of Object.entries(PROBLEMS)) {
      for (const key of [info.textKey, info.badgeKey, info.fixKey].filter((k): k is string => k !== undefined)) {
        for (const [lang, catalogue] of Object.entries(catalogues)) expect(catalogue[key]?.message, `${lang} ${key} (${code})`).toBeTruthy();
      }
    }
  });

  it('gives each code its own sentence and its own tooltip phrase', () => {
    const rows = Object.values(PROBLEMS);
    expect(new Set(rows.map((row) => catalogues.en![row.textKey]!.message)).size).toBe(rows.length);
    expect(new Set(rows.map((row) => catalogues.en![row.badgeKey]!.message)).size).toBe(rows.length);
  });

  it('stops retrying only for what the user must fix: password, sign-in, certificate, STARTTLS, keychain, the helper itself', () => {
    const stopping = ErrorCode.options.filter((code) => needsUser(code)).sort();
    expect(stopping).toEqual(
      [
        'AUTH_FAILED', 'EXTENSION_OUTDATED', 'HOST_NOT_INSTALLED', 'HOST_OUTDATED', 'KEYCHAIN_UNAVAILABLE', 'OAUTH_UNAVAILABLE', 'SECRET_MISSING',
        'SIGN_IN_REQUIRED', 'STARTTLS_UNAVAILABLE', 'TLS_PIN_MISMATCH', 'TLS_UNTRUSTED',
      ].sort(),
    );
    // A sign-in that did not finish is an answer to the user's own request, not a state to wait in.
    expect(needsUser('SIGN_IN_FAILED')).toBe(false);
    for (const transient of ['CONNECT_FAILED', 'TIMEOUT', 'HOST_EXITED', 'IMAP_ERROR'] as const) expect(needsUser(transient)).toBe(false);
  });

  it('offers the install command for a missing or outdated helper, and a fix in the options page for password and certificate', () => {
    expect(PROBLEMS.HOST_NOT_INSTALLED.command).toBe(INSTALL_COMMAND);
    expect(PROBLEMS.HOST_OUTDATED.command).toBe(INSTALL_COMMAND);
    expect(PROBLEMS.EXTENSION_OUTDATED.command).toBeUndefined();
    expect(PROBLEMS.AUTH_FAILED.fixKey).toBe('fixPassword');
    expect(PROBLEMS.TLS_UNTRUSTED.fixKey).toBe('fixCertificate');
    expect(PROBLEMS.SIGN_IN_REQUIRED.fixKey).toBe('fixSignIn');
    // A server without STARTTLS waits for the user (no password goes out), so the popup offers the form to change it.
    expect(PROBLEMS.STARTTLS_UNAVAILABLE.fixKey).toBe('fixServerSecurity');
    expect(PROBLEMS.CONNECT_FAILED.fixKey).toBeUndefined();
  });

  it('treats a code from a newer helper as an internal problem', () => {
    expect(problemInfo('SOMETHING_NEW')).toBe(PROBLEMS.INTERNAL);
    expect(problemInfo('toString')).toBe(PROBLEMS.INTERNAL);
  });
});
