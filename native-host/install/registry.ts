// The Windows registry through reg.exe: browsers find a host's manifest in a key's default value.
import { execFileSync } from 'node:child_process';

export interface Registry {
  /** Sets the key's default value, creating the key. */
  set(key: string, value: string): void;
  /** Deletes the key; false when it was not there. */
  delete(key: string): boolean;
  /** The key's default value, or undefined when the key is not there. */
  get(key: string): string | undefined;
}

export type RegRunner = (args: string[]) => string;

const runReg: RegRunner = (args) => execFileSync('reg', args, { encoding: 'utf8', windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'] });

/** `reg add/delete/query` as documented; `run` is replaced in tests, which record the exact arguments. */
export function windowsRegistry(run: RegRunner = runReg): Registry {
  return {
    set(key, value) {
      run(['add', key, '/ve', '/t', 'REG_SZ', '/d', value, '/f']);
    },
    delete(key) {
      try {
        run(['delete', key, '/f']);
        return true;
      } catch {
        return false;
      }
    },
    get(key) {
      let output: string;
      try {
        output = run(['query', key, '/ve']);
      } catch {
        return undefined;
      }
      // "    (Default)    REG_SZ    C:\Users\ada\AppData\Roaming\Mailbadge\app.mailbadge.host.chrome.json"
      return /REG_SZ\s+(.+?)\s*$/m.exec(output)?.[1];
    },
  };
}

/** For plans made on Linux and macOS, which never touch a registry. */
export const NO_REGISTRY: Registry = {
  set: () => {
    throw new Error('no registry on this platform');
  },
  delete: () => false,
  get: () => undefined,
};
