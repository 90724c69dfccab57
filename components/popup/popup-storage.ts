// What the popup shows from storage — the worker's cached state, previews per account, collapsed accounts — read in
// one round trip per storage area before the first render, and kept current while the popup is open.
import { useLayoutEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import type { Settings } from '../../lib/settings';
import { initialState, type ExtensionState } from '../../lib/state';
import { STORAGE_KEYS } from '../../lib/storage-keys';
import { collapsedNames, previewsPerAccount } from './preferences';

export interface PopupStorage {
  state: ExtensionState;
  previewLimit: number;
  collapsed: ReadonlySet<string>;
}

/** What an empty session holds before the worker's first write (as lib/storage.ts's item falls back to). */
const NO_STATE = initialState(new Date(0));

/**
 * One `get` per area (session: the state; local: settings and collapsed accounts), both at once. The items of
 * lib/storage.ts would each read on their own, the versioned settings twice in a row, and WXT reads every defined
 * item again as soon as it is defined: on a busy machine each of those round trips to the browser costs milliseconds.
 */
export async function readPopupStorage(): Promise<PopupStorage> {
  const [state, settings, collapsed] = await storage.getItems([STORAGE_KEYS.state, STORAGE_KEYS.settings, STORAGE_KEYS.collapsedAccounts]);
  return {
    state: (state!.value as ExtensionState | null) ?? NO_STATE,
    previewLimit: previewsPerAccount(settings!.value as Partial<Settings> | null),
    collapsed: new Set(collapsedNames(collapsed!.value)),
  };
}

/**
 * The popup's stored values: `initial` when main.tsx read them before rendering (the first render then shows the
 * messages), else read here. Watching starts in a layout effect, in the same task as the first render, so no change
 * written after `initial` was read can slip between the read and the watch (a plain effect waits for a frame).
 */
export function usePopupStorage(initial?: PopupStorage): [PopupStorage | undefined, (account: string) => void] {
  const [stored, setStored] = useState(initial);
  useLayoutEffect(() => {
    const update = (change: Partial<PopupStorage>) => setStored((current) => current && { ...current, ...change });
    const unwatch = [
      storage.watch<ExtensionState>(STORAGE_KEYS.state, (state) => update({ state: state ?? NO_STATE })),
      storage.watch<Partial<Settings>>(STORAGE_KEYS.settings, (settings) => update({ previewLimit: previewsPerAccount(settings) })),
      storage.watch<string[]>(STORAGE_KEYS.collapsedAccounts, (names) => update({ collapsed: new Set(collapsedNames(names)) })),
    ];
    if (!initial) void readPopupStorage().then(setStored);
    return () => unwatch.forEach((stop) => stop());
  }, []);
  // Remembered for the next time the popup opens; shown at once.
  const toggleCollapsed = (account: string) => {
    if (!stored) return;
    const next = new Set(stored.collapsed);
    if (!next.delete(account)) next.add(account);
    setStored({ ...stored, collapsed: next });
    void storage.setItem(STORAGE_KEYS.collapsedAccounts, [...next]);
  };
  return [stored, toggleCollapsed];
}
