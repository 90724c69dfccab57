// Desktop notifications for new mail (to be built: de-duplication, grouping, actions, quiet hours).
import type { ExtensionState } from './state';

/** Called by the worker after every state change, with the state before and after. */
export async function onStateChange(_before: ExtensionState, _after: ExtensionState): Promise<void> {
  // Nothing yet.
}
