// @vitest-environment happy-dom
// The options page's OAuth2 path with WXT's fake browser: the helper's discovery offers "Sign in with …" in place of
// the password, the page starts the sign-in, waits for the worker's signInFinished, then tests and saves by sign-in id.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { App } from '../../entrypoints/options/App';
import type { SignInOption } from '../../lib/protocol';
import type { HostRequest } from '../../lib/runtime-messages';

const SIGN_IN_ID = 'abcdefghijklmnopqrstuvwx';
let sent: HostRequest[];
let oauth: SignInOption | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no catalogue: t() shows the key.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
  sent = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = (message as { request?: HostRequest }).request;
    if (!request) return undefined; // the page's own broadcast (signInFinished)
    sent.push(request);
    switch (request.type) {
      case 'discover':
        return Promise.resolve({ type: 'discovered', id: 'w1', host: 'outlook.office365.com', port: 993, security: 'tls', source: 'provider', ...(oauth ? { oauth } : {}) });
      case 'startSignIn':
        // As the worker does once the host reports the end: broadcast it (no token in it).
        setTimeout(() => void fakeBrowser.runtime.sendMessage({ type: 'signInFinished', signIn: SIGN_IN_ID }), 10);
        return Promise.resolve({ type: 'signInStarted', id: 'w2', signIn: SIGN_IN_ID, url: 'https://login.example/authorize?x=1' });
      case 'testAccount':
        return Promise.resolve({ type: 'folders', id: 'w3', folders: [{ folder: 'INBOX', name: 'INBOX', delimiter: '/', subscribed: true, selectable: true }] });
      default:
        return Promise.resolve({ type: 'ok', id: 'w4' });
    }
  });
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function typeAddress(address: string) {
  render(<App />);
  fireEvent.click(await screen.findByRole('button', { name: 'optionsAddAccount' }));
  fireEvent.input(await screen.findByLabelText('optionsEmail'), { target: { value: address } });
}

describe('options page: sign in with a provider', () => {
  it('offers the sign-in instead of the password, then tests and saves by sign-in id without any password', async () => {
    oauth = { provider: 'microsoft', label: 'Microsoft', available: true };
    await typeAddress('me@outlook.com');
    const signIn = await screen.findByRole('button', { name: 'optionsSignInWith' }, { timeout: 3_000 });
    expect(screen.queryByLabelText('optionsPassword')).toBeNull();
    expect(screen.getByTestId('server-source').textContent).toBe('optionsServerKnown');

    fireEvent.click(signIn);
    await screen.findByTestId('folder-picker');
    expect(sent.find((r) => r.type === 'startSignIn')).toEqual({ type: 'startSignIn', provider: 'microsoft', user: 'me@outlook.com' });
    expect(sent.find((r) => r.type === 'testAccount')).toMatchObject({ signIn: SIGN_IN_ID, settings: { oauth: { provider: 'microsoft' } } });
    expect(screen.getByTestId('signed-in').textContent).toBe('optionsSignedInWith');

    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    await waitFor(() => expect(sent.some((r) => r.type === 'saveAccount')).toBe(true));
    const save = sent.find((r) => r.type === 'saveAccount')!;
    expect(save).toMatchObject({ signIn: SIGN_IN_ID, settings: { host: 'outlook.office365.com', user: 'me@outlook.com', oauth: { provider: 'microsoft' } } });
    expect(save).not.toHaveProperty('password');
  });

  it('goes back to the password on "use an app password instead", and saves no sign-in then', async () => {
    oauth = { provider: 'microsoft', label: 'Microsoft', available: true };
    await typeAddress('me@outlook.com');
    fireEvent.click(await screen.findByRole('button', { name: 'optionsUsePassword' }, { timeout: 3_000 }));
    fireEvent.input(screen.getByLabelText('optionsPassword'), { target: { value: 'app-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'optionsSave' }));
    await waitFor(() => expect(sent.some((r) => r.type === 'saveAccount')).toBe(true));
    const save = sent.find((r) => r.type === 'saveAccount')!;
    expect(save).toMatchObject({ password: 'app-password' });
    expect(save).not.toHaveProperty('signIn');
    expect((save as { settings: object }).settings).not.toHaveProperty('oauth');
  });

  it('says why when this helper was built without the provider\'s client ID, and keeps the password field', async () => {
    oauth = { provider: 'google', label: 'Google', available: false, clientIdVariable: 'MAILBADGE_GOOGLE_CLIENT_ID' };
    await typeAddress('me@gmail.com');
    expect((await screen.findByTestId('sign-in-unavailable', {}, { timeout: 3_000 })).textContent).toBe('optionsSignInUnavailable');
    expect(fakeBrowser.i18n.getMessage).toHaveBeenCalledWith('optionsSignInUnavailable', ['Google', 'MAILBADGE_GOOGLE_CLIENT_ID']);
    expect(screen.getByLabelText('optionsPassword')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'optionsSignInWith' })).toBeNull();
  });
});
