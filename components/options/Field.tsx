// One labelled form control with its hint and its error, wired together for screen readers.
import type { ComponentChildren } from 'preact';
import { t } from '../../lib/i18n';

interface Props {
  id: string;
  label: string;
  hint?: string | undefined;
  /** i18n key of the error, if any. */
  error?: string | undefined;
  children: (describedBy: string | undefined, invalid: boolean) => ComponentChildren;
}

export function Field({ id, label, hint, error, children }: Props) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(describedBy, Boolean(error))}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {t(error)}
        </p>
      )}
    </div>
  );
}
