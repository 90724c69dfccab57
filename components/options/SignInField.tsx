// The account form's way in: "Sign in with <provider>" where the address's provider allows OAuth2, else the password
// field, with "use an app password instead" and the reason when this helper cannot sign in with that provider.
import type { ComponentChildren } from 'preact';
import { t } from '../../lib/i18n';
import type { SignInOption } from '../../lib/protocol';

interface Props {
  /** The provider the address can sign in with, if any (from the helper's discovery). */
  option: SignInOption | undefined;
  /** The provider this form signs in with now; undefined: a password. */
  oauth: string | undefined;
  signedIn: boolean;
  /** An existing account that already signs in with `oauth`. */
  stored: boolean;
  busy: boolean;
  error: string | undefined;
  /** The password field, shown when the account uses a password. */
  password: ComponentChildren;
  onSignIn(): void;
  onUsePassword(): void;
  onUseSignIn(provider: string): void;
}

export function SignInField({ option, oauth, signedIn, stored, busy, error, password, onSignIn, onUsePassword, onUseSignIn }: Props) {
  if (!oauth) {
    return (
      <>
        {password}
        {option && !option.available && (
          <p class="note" data-testid="sign-in-unavailable">
            {t('optionsSignInUnavailable', [option.label, option.clientIdVariable ?? 'a client ID'])}
          </p>
        )}
        {option?.available && (
          <button type="button" class="link" onClick={() => onUseSignIn(option.provider)}>
            {t('optionsUseSignIn', [option.label])}
          </button>
        )}
      </>
    );
  }
  const label = option?.provider === oauth ? option.label : oauth;
  return (
    <div class="sign-in" data-testid="sign-in">
      {/* No <label>: it would rename the button; the button's own text says what it does. */}
      <div class="field">
        <button
          type="button"
          id="account-signin"
          class="primary"
          disabled={busy}
          aria-describedby={error ? 'account-signin-hint account-signin-error' : 'account-signin-hint'}
          aria-invalid={Boolean(error)}
          onClick={onSignIn}
        >
          {t(signedIn || stored ? 'optionsSignInAgainWith' : 'optionsSignInWith', [label])}
        </button>
        <p class="hint" id="account-signin-hint">
          {t('optionsSignInHint')}
        </p>
        {error && (
          <p class="field-error" id="account-signin-error">
            {t(error)}
          </p>
        )}
      </div>
      {(signedIn || stored) && (
        <p class="success" data-testid="signed-in">
          {t(signedIn ? 'optionsSignedInWith' : 'optionsSignsInWith', [label])}
        </p>
      )}
      <button type="button" class="link" onClick={onUsePassword}>
        {t('optionsUsePassword')}
      </button>
    </div>
  );
}
