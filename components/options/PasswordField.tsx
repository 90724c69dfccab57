// The password field of the account form (an existing account keeps its stored password when it stays empty).
import { t } from '../../lib/i18n';
import { Field } from './Field';

interface Props {
  value: string;
  editing: boolean;
  error: string | undefined;
  onInput(value: string): void;
}

export function PasswordField({ value, editing, error, onInput }: Props) {
  return (
    <Field id="account-password" label={t('optionsPassword')} hint={editing ? t('optionsPasswordKeep') : t('optionsPasswordHint')} error={error}>
      {(describedBy, invalid) => (
        <input
          id="account-password"
          type="password"
          autocomplete={editing ? 'new-password' : 'current-password'}
          value={value}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}
