// How one account logs in: with its stored password, or (an OAuth2 account) with an access token made from its stored
// refresh token. A refused token is retried once with a new one; a refused new one means "sign in again".
import type { ImapFlow } from 'imapflow';
import type { AccountSettings } from '../lib/account';
import { HostError } from './errors';
import { openImapSession, type SessionOptions } from './imap/connect';
import { AccessTokens } from './oauth/access-tokens';
import { findProvider } from './oauth/providers';
import type { SecretStore } from './secrets';

export interface AccountLogin {
  /** Connects and logs in; failures are HostErrors that say what to do. */
  open(options?: SessionOptions): Promise<ImapFlow>;
  /** While a session runs: keep an OAuth2 account's token fresh (nothing to do for a password). */
  keepFresh(): void;
  stop(): void;
}

export function accountLogin(
  account: AccountSettings,
  secrets: SecretStore,
  configDir: string,
  /** Told when a background refresh finds the grant revoked. */
  onSignInLost: (problem: HostError) => void = () => undefined,
): AccountLogin {
  const oauth = account.oauth;
  if (!oauth) return passwordLogin(account, secrets);
  const tokens = new AccessTokens(account.name, () => findProvider(configDir, oauth.provider), secrets, onSignInLost);
  return {
    async open(options) {
      let token = await tokens.get();
      for (;;) {
        try {
          return await openImapSession(account, { accessToken: token.token }, options);
        } catch (error) {
          if (!(error instanceof HostError && error.code === 'AUTH_FAILED')) throw error;
          tokens.discard();
          // A held token may have been revoked early at the server: one new token decides whether the grant still holds.
          if (token.fresh) throw new HostError('SIGN_IN_REQUIRED', error.message);
          token = { token: await tokens.refresh(), fresh: true };
        }
      }
    },
    keepFresh: () => tokens.keepFresh(),
    stop: () => tokens.stop(),
  };
}

function passwordLogin(account: AccountSettings, secrets: SecretStore): AccountLogin {
  return {
    async open(options) {
      const password = await secrets.get(account.name);
      if (password === undefined) {
        throw new HostError('SECRET_MISSING', `No password is stored for account "${account.name}". Set it in the options, or with: accounts add … --password-stdin`);
      }
      return await openImapSession(account, { password }, options);
    },
    keepFresh: () => undefined,
    stop: () => undefined,
  };
}
