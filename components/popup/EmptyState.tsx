// A message for when there is nothing to list, with the one thing to do about it.
import type { ComponentChildren } from 'preact';
import { t } from '../../lib/i18n';
import { CopyCommand } from './CopyCommand';

interface Props {
  title: string;
  detail: string;
  /** A shell command to show in full, with a button that copies it. */
  command?: string;
  /** A page that explains more, linked below the detail. */
  helpUrl?: string;
  children?: ComponentChildren;
}

export function EmptyState({ title, detail, command, helpUrl, children }: Props) {
  return (
    <section class="empty" role="status">
      <h2>{title}</h2>
      <p>{detail}</p>
      {command && <CopyCommand command={command} />}
      {helpUrl && (
        <a href={helpUrl} target="_blank" rel="noreferrer">
          {t('popupTroubleshooting')}
        </a>
      )}
      {children}
    </section>
  );
}
