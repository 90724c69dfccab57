// Talks to a provider's token and revocation endpoints through openid-client, and turns its failures into HostErrors
// that say whether the user must sign in again (a revoked grant) or a retry can help (the network, the server).
import * as client from 'openid-client';
import { sanitizeServerText } from '../imap/connect';
import { HostError } from '../errors';
import { isAllowedEndpoint, requireClientId, type OAuthProvider } from './providers';

/** Seconds a token or revocation request may take. */
const TOKEN_REQUEST_TIMEOUT_S = 15;

export interface Tokens {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Set when the provider issued one (always at sign-in; on refresh only when it rotates them). */
  refreshToken?: string;
}

/** openid-client's view of one provider: the endpoints from our table, no discovery round trip. */
export function clientConfiguration(provider: OAuthProvider): client.Configuration {
  const clientId = requireClientId(provider);
  const server: client.ServerMetadata = {
    issuer: new URL(provider.authorizationUrl).origin,
    authorization_endpoint: provider.authorizationUrl,
    token_endpoint: provider.tokenUrl,
    ...(provider.revocationUrl ? { revocation_endpoint: provider.revocationUrl } : {}),
  };
  const config = provider.clientSecret
    ? new client.Configuration(server, clientId, provider.clientSecret, client.ClientSecretPost(provider.clientSecret))
    : new client.Configuration(server, clientId, undefined, client.None());
  config.timeout = TOKEN_REQUEST_TIMEOUT_S;
  // Our table allows http:// only on loopback (isAllowedEndpoint); openid-client needs telling.
  if ([provider.authorizationUrl, provider.tokenUrl].some((url) => new URL(url).protocol === 'http:' && isAllowedEndpoint(url))) {
    client.allowInsecureRequests(config);
  }
  return config;
}

/** Tokens from a token endpoint answer; a missing or odd lifetime counts as one hour, as most providers issue. */
export function tokensFrom(response: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers, now = Date.now()): Tokens {
  const lifetime = response.expiresIn();
  const seconds = lifetime !== undefined && Number.isFinite(lifetime) && lifetime > 0 ? Math.min(lifetime, 86_400) : 3_600;
  return {
    accessToken: response.access_token,
    expiresAt: now + seconds * 1000,
    ...(typeof response.refresh_token === 'string' && response.refresh_token ? { refreshToken: response.refresh_token } : {}),
  };
}

/** A new access token for a stored refresh token. */
export async function refreshAccessToken(provider: OAuthProvider, refreshToken: string, account: string): Promise<Tokens> {
  const config = clientConfiguration(provider);
  try {
    return tokensFrom(await client.refreshTokenGrant(config, refreshToken));
  } catch (error) {
    throw tokenError(error, provider, account, [refreshToken]);
  }
}

/** Best effort: tells the provider to forget a refresh token (on account removal); failures only matter to stderr. */
export async function revokeRefreshToken(provider: OAuthProvider, refreshToken: string): Promise<void> {
  if (!provider.revocationUrl) return;
  const config = clientConfiguration(provider);
  // Removing an account must not hang on a slow provider.
  config.timeout = 5;
  await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
}

/**
 * invalid_grant is the provider saying the grant is gone (revoked, expired, password changed): only a new sign-in
 * helps, so the account waits for the user. A refused client is a build or providers.json problem. Anything else
 * (no network, a timeout, a server error, a garbled answer) may pass: the caller retries with backoff.
 */
export function tokenError(error: unknown, provider: OAuthProvider, account: string, secrets: readonly string[]): HostError {
  if (error instanceof HostError) return error;
  const endpoint = safeHost(provider.tokenUrl);
  if (error instanceof client.ResponseBodyError) {
    const detail = redact(sanitizeServerText(`${error.error}${error.error_description ? `: ${error.error_description}` : ''}`), secrets);
    if (error.error === 'invalid_grant') {
      return new HostError('SIGN_IN_REQUIRED', `${provider.label} no longer accepts the sign-in of "${account}" (${detail}). Sign in again.`);
    }
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new HostError('OAUTH_UNAVAILABLE', `${provider.label} refused this helper's client ID (${detail}). Check the client ID in the build or in providers.json.`);
    }
    return new HostError('CONNECT_FAILED', `${endpoint} refused to refresh the sign-in (HTTP ${error.status}, ${detail}); retrying.`);
  }
  const reason = redact(sanitizeServerText(error instanceof Error ? describeCause(error) : String(error)), secrets);
  return new HostError('CONNECT_FAILED', `Cannot reach ${provider.label}'s sign-in server ${endpoint} (${reason}); retrying.`);
}

/** fetch says "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND, a timeout) in its cause. */
function describeCause(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? ` (${(cause as NodeJS.ErrnoException).code ?? cause.message})` : '';
  return `${error.name === 'TimeoutError' ? `no answer within ${TOKEN_REQUEST_TIMEOUT_S} s` : error.message}${inner}`.slice(0, 200);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the token endpoint';
  }
}

/** Server text could in theory echo what we sent; no token may ever reach a message. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret ? out.split(secret).join('[token]') : out), text);
}
