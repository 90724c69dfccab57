// A message for when there is nothing to list, with the one thing to do about it.
import type { ComponentChildren } from 'preact';

interface Props {
  title: string;
  detail: string;
  /** A shell command to show in full, selectable with one click. */
  command?: string;
  children?: ComponentChildren;
}

export function EmptyState({ title, detail, command, children }: Props) {
  return (
    <section class="empty" role="status">
      <h2>{title}</h2>
      <p>{detail}</p>
      {command && <code class="empty__command">{command}</code>}
      {children}
    </section>
  );
}
