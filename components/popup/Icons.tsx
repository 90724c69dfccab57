// The icons of the message actions: decorative (the buttons carry the accessible names), drawn by CSS (style.css) —
// on an action button as its ::before (class icon--NAME), beside a sender as this element.

export type IconName = 'read' | 'unread' | 'open' | 'star' | 'starred' | 'archive' | 'delete' | 'spam' | 'save';

export function Icon({ name }: { name: IconName }) {
  return <span class={`icon icon--${name}`} aria-hidden="true" />;
}
