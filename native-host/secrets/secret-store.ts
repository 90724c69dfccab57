// Where account passwords live. The host never sends them to the browser and never logs them.

export interface SecretStore {
  /** Human-readable name of the backend, for `accounts list` and diagnostics. */
  readonly kind: string;
  get(account: string): Promise<string | undefined>;
  set(account: string, password: string): Promise<void>;
  delete(account: string): Promise<void>;
}
