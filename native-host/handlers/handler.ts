// The shape every native-messaging request handler has; handlers are registered in ./index.ts.
import type { HostToExtension, RequestOf, RequestType } from '../../lib/protocol';
import type { SignIns } from '../oauth/sign-ins';
import type { SecretStore } from '../secrets';
import type { SessionManager } from '../sessions';

export interface HandlerContext {
  sessions: SessionManager;
  hostVersion: string;
  configDir: string;
  secrets: SecretStore;
  /** OAuth2 sign-ins started from the options page, holding their tokens until the account is saved. */
  signIns: SignIns;
  /** Brings the sessions in step with the config file now, rather than when the file watcher fires. */
  reloadAccounts(): Promise<void>;
  /** Sends a message ahead of the reply (the chunks of a saved message). */
  emit(message: HostToExtension): void;
}

export interface RequestHandler<T extends RequestType> {
  type: T;
  handle(request: RequestOf<T>, context: HandlerContext): Promise<HostToExtension>;
}

/** Identity helper that keeps each handler's request type precise. */
export function defineHandler<T extends RequestType>(handler: RequestHandler<T>): RequestHandler<T> {
  return handler;
}
