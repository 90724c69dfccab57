// One OAuth2 sign-in as a native app does it (RFC 8252): authorization code + PKCE (S256) with a checked state,
// redirected to this helper's loopback listener; the code is exchanged here, so no token ever reaches the browser.
import * as client from 'openid-client';
import { sanitizeServerText } from '../imap/connect';
import { HostError } from '../errors';
import { LoopbackListener } from './loopback';
import type { OAuthProvider } from './providers';
import { clientConfiguration, redact, tokenError, tokensFrom, type Tokens } from './token-endpoint';

/** How long the listener waits for the browser (the issue's five minutes). */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInFlow {
  /** The address to open in a browser. It holds no secret: the PKCE verifier stays here. */
  url: string;
  /** The tokens, once the browser came back and the code was exchanged; a SIGN_IN_FAILED HostError otherwise. */
  tokens: Promise<Tokens & { refreshToken: string }>;
  cancel(): void;
}

export async function startSignIn(provider: OAuthProvider, user: string, timeoutMs = SIGN_IN_TIMEOUT_MS): Promise<SignInFlow> {
  const config = clientConfiguration(provider); // throws OAUTH_UNAVAILABLE without a client ID, before a port opens
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const listener = await LoopbackListener.open();
  const url = client.buildAuthorizationUrl(config, {
    ...provider.authorizationParameters,
    redirect_uri: listener.redirectUri,
    response_type: 'code',
    scope: provider.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    // Picks (or pre-fills) the right account at the provider when the browser knows several.
    login_hint: user,
    ...(provider.responseMode === 'form_post' ? { response_mode: 'form_post' } : {}),
  });
  const cancelled = new AbortController();
  const tokens = (async () => {
    const response = await listener.wait(state, timeoutMs, cancelled.signal);
    try {
      const result = await exchange(config, provider, listener.redirectUri, response.params, verifier, state);
      response.finish('ok');
      return result;
    } catch (error) {
      response.finish('failed');
      throw error;
    }
  })();
  // A flow nobody awaits (the page went away) must not become an unhandled rejection.
  tokens.catch(() => undefined);
  return { url: url.href, tokens, cancel: () => cancelled.abort() };
}

async function exchange(
  config: client.Configuration,
  provider: OAuthProvider,
  redirectUri: string,
  params: URLSearchParams,
  verifier: string,
  state: string,
): Promise<Tokens & { refreshToken: string }> {
  // openid-client reads the response from a URL and derives redirect_uri from it, so rebuild the one we registered.
  const callback = new URL(redirectUri);
  callback.search = params.toString();
  const secrets = [params.get('code') ?? ''];
  let tokens: Tokens;
  try {
    tokens = tokensFrom(await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }));
  } catch (error) {
    if (error instanceof client.AuthorizationResponseError) {
      const said = redact(sanitizeServerText(`${error.error}${error.error_description ? `: ${error.error_description}` : ''}`), secrets);
      const denied = error.error === 'access_denied';
      throw new HostError('SIGN_IN_FAILED', denied ? `The sign-in was refused in the browser (${said}).` : `${provider.label} did not sign you in (${said}). Try again.`);
    }
    const failure = tokenError(error, provider, 'the new account', secrets);
    throw new HostError('SIGN_IN_FAILED', `The sign-in could not be finished: ${failure.message.replace(/; retrying\.$/, '.')}`);
  }
  if (!tokens.refreshToken) {
    throw new HostError(
      'SIGN_IN_FAILED',
      `${provider.label} signed you in but gave no refresh token, so Mailbadge could not stay signed in. Check the provider's scopes (offline access).`,
    );
  }
  return { ...tokens, refreshToken: tokens.refreshToken };
}
