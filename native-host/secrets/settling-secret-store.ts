// A secret store whose writes the host can wait for before it exits: a refresh token rotated by the provider and
// saved while the browser closes the port must reach the store, or the account needs a new sign-in next time.
import type { SecretStore } from './secret-store';

export interface SettlingSecretStore extends SecretStore {
  /** Resolves once every write begun so far has ended (or `timeoutMs` has passed). */
  settle(timeoutMs: number): Promise<void>;
}

export function settlingSecretStore(store: SecretStore): SettlingSecretStore {
  const writes = new Set<Promise<void>>();
  const track = (write: Promise<void>): Promise<void> => {
    writes.add(write);
    const forget = () => void writes.delete(write);
    write.then(forget, forget);
    return write;
  };
  return {
    kind: store.kind,
    get: (account) => store.get(account),
    set: (account, secret) => track(store.set(account, secret)),
    delete: (account) => track(store.delete(account)),
    async settle(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([Promise.allSettled([...writes]), timeUp]);
      clearTimeout(timer);
    },
  };
}
