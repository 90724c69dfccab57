// The server part of the account form: IMAP server, security, port, user name, webmail and a pinned certificate.
import type { Security } from '../../lib/account';
import { t } from '../../lib/i18n';
import type { DiscoverySource } from '../../lib/protocol';
import { guessServer } from '../../lib/providers';
import { withSecurity, type FieldErrors, type FormValues, type Touched } from './account-form-model';
import { Field } from './Field';

interface Props {
  values: FormValues;
  errors: FieldErrors;
  /** True while the server still follows the email address (the user has not edited it). */
  guessed: boolean;
  /** Where the helper found the settings, once it answered. */
  source?: DiscoverySource | undefined;
  /** Applies a change; `field` marks what the user edited so later guesses leave it alone. */
  onChange(change: (values: FormValues) => FormValues, field?: keyof Touched): void;
}

const SOURCE_KEYS: Record<DiscoverySource, string> = {
  provider: 'optionsServerKnown',
  autoconfig: 'optionsSourceAutoconfig',
  srv: 'optionsSourceSrv',
  mx: 'optionsSourceMx',
  guess: 'optionsServerGuessed',
};

export function ServerFields({ values, errors, guessed, source, onChange }: Props) {
  const guess = guessServer(values.email);
  return (
    <fieldset class="server">
      <legend>{t('optionsServerLegend')}</legend>
      {guess && guessed && (
        <p class="hint" aria-live="polite" data-testid="server-source">
          {t(source ? SOURCE_KEYS[source] : guess.known ? 'optionsServerKnown' : 'optionsServerGuessed')}
        </p>
      )}
      {guess?.noteKey && <p class="note">{t(guess.noteKey)}</p>}
      <Field id="account-host" label={t('optionsServer')} error={errors.host}>
        {(describedBy, invalid) => (
          <input
            id="account-host"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={values.host}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => onChange((v) => ({ ...v, host: (e.currentTarget as HTMLInputElement).value }), 'server')}
          />
        )}
      </Field>
      <div class="row">
        <Field id="account-security" label={t('optionsSecurity')}>
          {(describedBy) => (
            <select
              id="account-security"
              value={values.security}
              aria-describedby={describedBy}
              onChange={(e) => onChange((v) => withSecurity(v, (e.currentTarget as HTMLSelectElement).value as Security), 'server')}
            >
              <option value="tls">{t('optionsSecurityTls')}</option>
              <option value="starttls">{t('optionsSecurityStarttls')}</option>
            </select>
          )}
        </Field>
        <Field id="account-port" label={t('optionsPort')} error={errors.port}>
          {(describedBy, invalid) => (
            <input
              id="account-port"
              type="number"
              inputMode="numeric"
              min={1}
              max={65535}
              value={values.port}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              onInput={(e) => onChange((v) => ({ ...v, port: (e.currentTarget as HTMLInputElement).value }), 'server')}
            />
          )}
        </Field>
      </div>
      <Field id="account-user" label={t('optionsUser')} hint={t('optionsUserHint')} error={errors.user}>
        {(describedBy, invalid) => (
          <input
            id="account-user"
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={values.user}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => onChange((v) => ({ ...v, user: (e.currentTarget as HTMLInputElement).value }), 'user')}
          />
        )}
      </Field>
      <Field id="account-webmailUrl" label={t('optionsWebmailUrl')} hint={t('optionsWebmailUrlHint')} error={errors.webmailUrl}>
        {(describedBy, invalid) => (
          <input
            id="account-webmailUrl"
            type="url"
            value={values.webmailUrl}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => onChange((v) => ({ ...v, webmailUrl: (e.currentTarget as HTMLInputElement).value }), 'webmailUrl')}
          />
        )}
      </Field>
      {values.trustFingerprint && (
        <div class="pinned" data-testid="pinned">
          <p id="pinned-label">{t('optionsCertPinned')}</p>
          <pre class="fingerprint" tabIndex={0} aria-labelledby="pinned-label">
            {values.trustFingerprint}
          </pre>
          <button type="button" onClick={() => onChange(({ trustFingerprint: _, ...rest }) => rest)}>
            {t('optionsCertUnpin')}
          </button>
        </div>
      )}
    </fieldset>
  );
}
