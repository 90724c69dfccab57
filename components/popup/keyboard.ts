// The popup's keys: arrows move between messages, Enter opens, and single letters act on the focused message, like
// Gmail's: r read, e archive, # delete, ! spam, s star; u undoes (handled by the page, anywhere in it).
import type { MoveAction } from '../../lib/protocol-actions';

export type RowAction = 'next' | 'previous' | 'open' | 'read' | 'star' | MoveAction;

const LETTERS: Record<string, RowAction> = { r: 'read', s: 'star', e: 'archive', '#': 'delete', '!': 'spam' };

interface KeyInfo {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** What a key pressed on a message row (or one of its buttons) does; undefined leaves the key to the browser. */
export function keyAction(event: KeyInfo, row: Element): RowAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  if (event.key === 'ArrowDown') return 'next';
  if (event.key === 'ArrowUp') return 'previous';
  // On a button, Enter presses that button; on the row itself it opens the message.
  if (event.key === 'Enter') return event.target === row ? 'open' : undefined;
  return LETTERS[event.key.length === 1 ? event.key.toLowerCase() : ''];
}

/** Whether a key is the page-wide "undo" key (not while typing somewhere). */
export function isUndoKey(event: KeyInfo): boolean {
  const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
  return !typing && !event.ctrlKey && !event.metaKey && !event.altKey && event.key.toLowerCase() === 'u';
}

/** Focuses the message `step` rows after `row` across folders and accounts; false when there is none. */
export function moveFocus(row: Element, step: 1 | -1): boolean {
  const rows = [...row.ownerDocument.querySelectorAll<HTMLElement>('li.message[tabindex]')];
  const next = rows[rows.indexOf(row as HTMLElement) + step];
  next?.focus();
  return next !== undefined;
}
