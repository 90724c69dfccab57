// The access token of one OAuth2 account: kept in memory only, refreshed from the keychain's refresh token before it
// expires (in the background while a session runs), and a revoked grant reported once, never asked about again.
import { backoffDelay } from '../../lib/backoff';
import { HostError } from '../errors';
import type { SecretStore } from '../secrets';
import type { OAuthProvider } from './providers';
import type { Tokens } from './token-endpoint';

/** Refresh this long before expiry (at most): a token handed to a connect must still be good at the server. */
const MAX_REFRESH_MARGIN_MS = 5 * 60_000;

export interface AccessToken {
  token: string;
  /** True when it came from the token endpoint just now (a server refusing it means the grant itself is bad). */
  fresh: boolean;
}

export class AccessTokens {
  private current: (Tokens & { issuedAt: number }) | undefined;
  private inFlight: Promise<string> | undefined;
  /**
   * The grant is gone (SIGN_IN_REQUIRED): until a new sign-in stores another refresh token, every call fails with
   * this without asking the provider again — a revoked grant never comes back, and asking again is hammering.
   */
  private lost: { problem: HostError; refreshToken: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly accountName: string,
    private readonly provider: () => Promise<OAuthProvider>,
    private readonly secrets: SecretStore,
    /** Told when a background refresh finds the grant revoked, so the session can stop and ask the user. */
    private readonly onLost: (problem: HostError) => void = () => undefined,
  ) {}

  /** A token good for a while: the one held, or a new one. */
  async get(): Promise<AccessToken> {
    const held = this.current;
    if (held && Date.now() < held.expiresAt - refreshMargin(held)) return { token: held.accessToken, fresh: false };
    return { token: await this.refresh(), fresh: true };
  }

  /** A new token from the provider now (one request however many ask at once). */
  refresh(): Promise<string> {
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The held token is refused by the server: forget it so the next get() asks for another. */
  discard(): void {
    this.current = undefined;
  }

  /** Keeps the token fresh while the account's session runs, so a reconnect never waits for (or fails at) a refresh. */
  keepFresh(): void {
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.lost || !this.current) return;
    const due = this.failures > 0 ? backoffDelay(this.failures - 1) : this.current.expiresAt - refreshMargin(this.current) - Date.now();
    this.timer = setTimeout(() => {
      this.refresh().then(
        () => undefined,
        (error: unknown) => {
          // Network trouble: try again with backoff; the session's connection does not need the token until it reconnects.
          if (!this.lost) process.stderr.write(`mailbadge: ${this.accountName}: ${error instanceof Error ? error.message : String(error)}\n`);
          this.schedule();
        },
      );
    }, Math.max(0, due));
    this.timer.unref();
  }

  private async fetchToken(): Promise<string> {
    const refreshToken = await this.secrets.get(this.accountName);
    if (refreshToken === undefined) {
      throw new HostError('SIGN_IN_REQUIRED', `No sign-in is stored for account "${this.accountName}". Sign in again in the options.`);
    }
    if (this.lost?.refreshToken === refreshToken) throw this.lost.problem;
    this.lost = undefined;
    const provider = await this.provider();
    let tokens: Tokens;
    try {
      // openid-client (and Node's fetch behind it) is loaded at the first refresh: password accounts never need it.
      const { refreshAccessToken } = await import('./token-endpoint');
      tokens = await refreshAccessToken(provider, refreshToken, this.accountName);
    } catch (error) {
      this.failures++;
      if (error instanceof HostError && error.code === 'SIGN_IN_REQUIRED') {
        this.lost = { problem: error, refreshToken };
        this.current = undefined;
        clearTimeout(this.timer);
        this.onLost(error);
      }
      throw error;
    }
    this.failures = 0;
    // Providers that rotate refresh tokens (Microsoft does) invalidate the old one: keep the new one at once.
    if (tokens.refreshToken && tokens.refreshToken !== refreshToken) await this.secrets.set(this.accountName, tokens.refreshToken);
    this.current = { ...tokens, issuedAt: Date.now() };
    if (!this.stopped && this.timer !== undefined) this.schedule();
    return tokens.accessToken;
  }
}

/** A quarter of the token's life, at most five minutes: an hour-long token is renewed at 55 min, a 8 s one at 6 s. */
function refreshMargin(tokens: Tokens & { issuedAt: number }): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, (tokens.expiresAt - tokens.issuedAt) / 4);
}
