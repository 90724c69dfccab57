// Every user-facing string goes through the browser's i18n catalogue (public/_locales).
import { browser } from 'wxt/browser';

/** What pure modules (badge, notification wording) take instead of calling the browser themselves, so tests pass their own. */
export type Translate = (key: string, substitutions?: string[]) => string;

export function t(key: string, substitutions?: string[]): string {
  // getMessage returns '' for an unknown key; showing the key makes a missing translation visible instead of blank.
  return browser.i18n.getMessage(key as never, substitutions) || key;
}
