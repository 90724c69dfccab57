// A message for when there is nothing to list, with the one thing to do about it.
interface Props {
  title: string;
  detail: string;
  command?: string;
}

export function EmptyState({ title, detail, command }: Props) {
  return (
    <section class="empty" role="status">
      <h2>{title}</h2>
      <p>{detail}</p>
      {command && <code>{command}</code>}
    </section>
  );
}
