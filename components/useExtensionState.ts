// Preact hook: the worker's cached state, kept current as the worker writes it.
import { useEffect, useState } from 'preact/hooks';
import type { ExtensionState } from '../lib/state';
import { extensionState } from '../lib/storage';

export function useExtensionState(): ExtensionState | undefined {
  const [state, setState] = useState<ExtensionState>();
  useEffect(() => {
    void extensionState.getValue().then(setState);
    return extensionState.watch((next) => setState(next));
  }, []);
  return state;
}
