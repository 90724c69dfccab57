// What the popup remembers of the user's choices: previews per account (from the settings) and collapsed accounts,
// read without zod (lib/settings.ts would bring it into the popup), so each stored value is checked by hand here.
import { useEffect, useState } from 'preact/hooks';
import { collapsedAccounts, DEFAULT_SETTINGS, settings } from '../../lib/storage';
import type { Settings } from '../../lib/settings';

const MAX_PREVIEWS_PER_ACCOUNT = 50;

/** A stored value when it is a sensible count, else the default (damaged or missing settings must not empty the popup). */
export function previewsPerAccount(stored: Partial<Settings> | null | undefined): number {
  const value = stored?.previewsPerAccount;
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_PREVIEWS_PER_ACCOUNT
    ? value
    : DEFAULT_SETTINGS.previewsPerAccount;
}

export function usePreviewsPerAccount(): number {
  const [limit, setLimit] = useState(DEFAULT_SETTINGS.previewsPerAccount);
  useEffect(() => {
    void settings.getValue().then((value) => setLimit(previewsPerAccount(value)));
    return settings.watch((value) => setLimit(previewsPerAccount(value)));
  }, []);
  return limit;
}

/** Only names (strings) count; anything else stored there is ignored rather than trusted. */
export function collapsedNames(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((name): name is string => typeof name === 'string').slice(0, 100) : [];
}

/** The collapsed accounts and a toggle that remembers the choice for the next time the popup opens. */
export function useCollapsedAccounts(): [ReadonlySet<string>, (account: string) => void] {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    void collapsedAccounts.getValue().then((value) => setCollapsed(new Set(collapsedNames(value))));
    return collapsedAccounts.watch((value) => setCollapsed(new Set(collapsedNames(value))));
  }, []);
  const toggle = (account: string) => {
    const next = new Set(collapsed);
    if (!next.delete(account)) next.add(account);
    setCollapsed(next);
    void collapsedAccounts.setValue([...next]);
  };
  return [collapsed, toggle];
}
