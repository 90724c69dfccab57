// The sign-ins the options page started through this host: each runs its flow, reports its end as an event, and
// keeps its tokens (in memory, never sent) under an opaque id until the page saves or tests the account with it.
import { randomBytes } from 'node:crypto';
import type { SignInFinishedEvent } from '../../lib/protocol';
import { HostError, toProblem } from '../errors';
import { findProvider, type OAuthProvider } from './providers';
import type { SignInFlow } from './sign-in';
import type { Tokens } from './token-endpoint';

/** A finished sign-in waits this long for the page to save it, then its tokens are dropped. */
const KEEP_FINISHED_MS = 30 * 60_000;
/** At most this many sign-ins open at once: each holds a listening port. */
const MAX_OPEN = 4;

export interface FinishedSignIn {
  provider: OAuthProvider;
  user: string;
  refreshToken: string;
}

interface Entry {
  provider: OAuthProvider;
  user: string;
  flow: SignInFlow;
  tokens?: Tokens & { refreshToken: string };
  expiry?: NodeJS.Timeout;
}

export class SignIns {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly configDir: string,
    private readonly notify: (event: SignInFinishedEvent) => void,
  ) {}

  /** Opens the loopback listener and answers with the address the extension opens in a tab. */
  async start(providerName: string, user: string): Promise<{ signIn: string; url: string }> {
    const open = [...this.entries.values()].filter((entry) => !entry.tokens);
    if (open.length >= MAX_OPEN) open[0]!.flow.cancel();
    const provider = await findProvider(this.configDir, providerName);
    // The flow (openid-client, an HTTP listener) is loaded when a sign-in starts, not by every host.
    const { startSignIn } = await import('./sign-in');
    const flow = await startSignIn(provider, user);
    const signIn = randomBytes(18).toString('base64url');
    const entry: Entry = { provider, user, flow };
    this.entries.set(signIn, entry);
    flow.tokens.then(
      (tokens) => {
        entry.tokens = tokens;
        entry.expiry = setTimeout(() => this.entries.delete(signIn), KEEP_FINISHED_MS);
        entry.expiry.unref();
        this.notify({ type: 'signInFinished', signIn });
      },
      (error: unknown) => {
        this.entries.delete(signIn);
        this.notify({ type: 'signInFinished', signIn, problem: toProblem(error) });
      },
    );
    return { signIn, url: flow.url };
  }

  /** A finished sign-in for this provider, or a problem that says to sign in again. */
  finished(signIn: string, providerName: string | undefined): FinishedSignIn {
    const entry = this.entries.get(signIn);
    if (!entry?.tokens) throw new HostError('SIGN_IN_REQUIRED', 'That sign-in is unknown, unfinished or expired; sign in again.');
    if (entry.provider.name !== providerName) {
      throw new HostError('BAD_MESSAGE', `That sign-in was made with ${entry.provider.name}, not with ${providerName ?? 'a password'}.`);
    }
    return { provider: entry.provider, user: entry.user, refreshToken: entry.tokens.refreshToken };
  }

  /** The sign-in's access token, refreshed if it is about to expire (a page may sit open for a while). */
  async accessToken(signIn: string, providerName: string | undefined): Promise<string> {
    const { provider, refreshToken } = this.finished(signIn, providerName);
    const entry = this.entries.get(signIn)!;
    if (entry.tokens && entry.tokens.expiresAt - 60_000 > Date.now()) return entry.tokens.accessToken;
    const { refreshAccessToken } = await import('./token-endpoint');
    const tokens = await refreshAccessToken(provider, refreshToken, 'the new account');
    entry.tokens = { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    return tokens.accessToken;
  }

  /** Saved: the tokens now live in the keychain (the refresh token) or nowhere (the access token). */
  forget(signIn: string): void {
    const entry = this.entries.get(signIn);
    clearTimeout(entry?.expiry);
    this.entries.delete(signIn);
  }

  cancelAll(): void {
    for (const entry of this.entries.values()) {
      entry.flow.cancel();
      clearTimeout(entry.expiry);
    }
    this.entries.clear();
  }
}
