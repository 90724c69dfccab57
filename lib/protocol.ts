// Every message between the extension and the native host, as zod schemas that both sides parse on arrival.
import { z } from 'zod';
import { AccountSettings } from './account';
import { AccountName, FolderName } from './names';

export { AccountName, FolderName };

/**
 * Bumped when a message changes shape incompatibly; the host reports its own in the hello reply, and the extension
 * stops talking to a helper of another version (lib/host-version.ts). The hello request and reply keep their shape
 * across versions so that this check always works. 2: one name per concept (`folder`, `account`, `settings`).
 */
export const PROTOCOL_VERSION = 2;

/** Native messaging caps host → browser frames at 1 MB; the browser → host direction allows 64 MB. */
export const MAX_HOST_TO_BROWSER_BYTES = 1024 * 1024;
export const MAX_BROWSER_TO_HOST_BYTES = 64 * 1024 * 1024;

const RequestId = z.string().min(1).max(64);
const Timestamp = z.string().max(40); // ISO 8601

/** Error codes are append-only: the extension maps each to a message and a fix. */
export const ErrorCode = z.enum([
  'BAD_MESSAGE',
  'UNKNOWN_REQUEST',
  'INTERNAL',
  'CONFIG_INVALID',
  'ACCOUNT_NOT_FOUND',
  'ACCOUNT_EXISTS',
  'SECRET_MISSING',
  'CONNECT_FAILED',
  'TIMEOUT',
  'AUTH_FAILED',
  'TLS_UNTRUSTED',
  'TLS_PIN_MISMATCH',
  'TLS_FAILED',
  'STARTTLS_UNAVAILABLE',
  'FOLDER_NOT_FOUND',
  'IMAP_ERROR',
  'HOST_NOT_INSTALLED',
  'HOST_EXITED',
  'UIDVALIDITY_CHANGED',
  'KEYCHAIN_UNAVAILABLE',
  /** The helper speaks an older protocol than the extension (found by the extension from hello). */
  'HOST_OUTDATED',
  /** The helper speaks a newer protocol than the extension (found by the extension from hello). */
  'EXTENSION_OUTDATED',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Problem = z.object({
  code: ErrorCode,
  /** One sentence that names the problem and the fix; never a password. */
  message: z.string().max(2000),
  /** SHA-256 fingerprint of a certificate the user may choose to trust (TLS_UNTRUSTED, TLS_PIN_MISMATCH). */
  fingerprint256: z.string().max(200).optional(),
});
export type Problem = z.infer<typeof Problem>;

const Uid = z.number().int().positive().max(2 ** 32 - 1);
/** UIDVALIDITY as a decimal string: it is a 32-bit unsigned number that guards every UID. */
const UidValidity = z.string().regex(/^\d{1,10}$/);

export const FolderCount = z.object({
  folder: FolderName,
  unseen: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  uidValidity: UidValidity.optional(),
  /** Set when this folder could not be read; the counts are then 0. */
  problem: Problem.optional(),
});
export type FolderCount = z.infer<typeof FolderCount>;

export const Preview = z.object({
  folder: FolderName,
  uid: Uid,
  from: z.string().max(300),
  fromAddress: z.string().max(320),
  subject: z.string().max(300),
  date: Timestamp,
  snippet: z.string().max(200),
  seen: z.boolean(),
  flagged: z.boolean(),
});
export type Preview = z.infer<typeof Preview>;

/** The newest unseen messages of one folder, newest first. */
export const FolderPreviews = z.object({
  folder: FolderName,
  uidValidity: UidValidity,
  previews: z.array(Preview).max(100),
});
export type FolderPreviews = z.infer<typeof FolderPreviews>;

export const FolderInfo = z.object({
  /** The full name that identifies the folder (what requests and settings use). */
  folder: FolderName,
  /** The last part of the name, for display in the tree. */
  name: z.string().max(1024),
  delimiter: z.string().max(4),
  subscribed: z.boolean(),
  /** RFC 6154 role such as \Sent, \Drafts, \Trash, \Junk or \Archive (\Inbox for INBOX). */
  specialUse: z.string().max(32).optional(),
  /** False for \Noselect folders, which only hold other folders and cannot be watched. */
  selectable: z.boolean(),
});
export type FolderInfo = z.infer<typeof FolderInfo>;

export const ConnectionState = z.enum(['connecting', 'ok', 'offline', 'error']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const AccountStatus = z.object({
  state: ConnectionState,
  problem: Problem.optional(),
  at: Timestamp,
});
export type AccountStatus = z.infer<typeof AccountStatus>;

/** What the extension may know of an account: its settings (no secret lives there) plus live state. */
export const AccountView = AccountSettings.extend({
  status: AccountStatus,
  counts: z.array(FolderCount).max(1000),
  countsAt: Timestamp.optional(),
  previews: z.array(FolderPreviews).max(1000).default([]),
});
export type AccountView = z.infer<typeof AccountView>;

// ---- extension → host -------------------------------------------------------------------------

export const HelloRequest = z.object({ type: z.literal('hello'), id: RequestId, extensionVersion: z.string().max(32) });
export const GetStateRequest = z.object({ type: z.literal('getState'), id: RequestId });
export const RefreshRequest = z.object({ type: z.literal('refresh'), id: RequestId, account: AccountName.optional() });

const FlagTarget = { account: AccountName, folder: FolderName, uidValidity: UidValidity };
export const MarkReadRequest = z.object({ type: z.literal('markRead'), id: RequestId, ...FlagTarget, uids: z.array(Uid).min(1).max(10_000) });
export const MarkUnreadRequest = z.object({ type: z.literal('markUnread'), id: RequestId, ...FlagTarget, uids: z.array(Uid).min(1).max(10_000) });
export const MarkAllReadRequest = z.object({ type: z.literal('markAllRead'), id: RequestId, ...FlagTarget });
export const ListFoldersRequest = z.object({ type: z.literal('listFolders'), id: RequestId, account: AccountName });
/** The only message that carries a password, and only towards the host. */
const Password = z.string().min(1, 'The password is empty').max(4096);
/** Adds or changes an account; without a password the stored one is kept. `previousName` renames. */
export const SaveAccountRequest = z.object({
  type: z.literal('saveAccount'),
  id: RequestId,
  settings: AccountSettings,
  password: Password.optional(),
  previousName: AccountName.optional(),
});
export const RemoveAccountRequest = z.object({ type: z.literal('removeAccount'), id: RequestId, account: AccountName });
/** Connects with these settings without saving them; answers with the folder list, or the exact problem. */
export const TestAccountRequest = z.object({ type: z.literal('testAccount'), id: RequestId, settings: AccountSettings, password: Password.optional() });

export const ExtensionToHost = z.discriminatedUnion('type', [
  HelloRequest,
  GetStateRequest,
  RefreshRequest,
  MarkReadRequest,
  MarkUnreadRequest,
  MarkAllReadRequest,
  ListFoldersRequest,
  SaveAccountRequest,
  RemoveAccountRequest,
  TestAccountRequest,
]);
export type ExtensionToHost = z.infer<typeof ExtensionToHost>;
export type RequestType = ExtensionToHost['type'];
export type RequestOf<T extends RequestType> = Extract<ExtensionToHost, { type: T }>;

// ---- host → extension -------------------------------------------------------------------------

export const HelloReply = z.object({
  type: z.literal('hello'),
  id: RequestId,
  hostVersion: z.string().max(32),
  protocolVersion: z.number().int(),
});
export const StateReply = z.object({ type: z.literal('state'), id: RequestId, accounts: z.array(AccountView).max(100) });
export const OkReply = z.object({ type: z.literal('ok'), id: RequestId });
export const ErrorReply = z.object({ type: z.literal('error'), id: RequestId.optional(), problem: Problem });
/** Pushed whenever an account's connection state changes. */
export const AccountStatusEvent = z.object({ type: z.literal('accountStatus'), account: AccountName, status: AccountStatus });
/** Pushed whenever the counts of an account's watched folders change. */
export const FolderCountsEvent = z.object({
  type: z.literal('folderCounts'),
  account: AccountName,
  folders: z.array(FolderCount).max(1000),
  at: Timestamp,
});

/** Pushed when a folder's newest unseen messages change: that one folder's previews, as the CLI's `watch --json` prints them. */
export const PreviewsEvent = FolderPreviews.extend({ type: z.literal('previews'), account: AccountName, at: Timestamp });
export const FoldersReply = z.object({ type: z.literal('folders'), id: RequestId, folders: z.array(FolderInfo).max(5000) });

export const HostToExtension = z.discriminatedUnion('type', [
  PreviewsEvent,
  FoldersReply,
  HelloReply,
  StateReply,
  OkReply,
  ErrorReply,
  AccountStatusEvent,
  FolderCountsEvent,
]);
export type HostToExtension = z.infer<typeof HostToExtension>;

// ---- parsing ----------------------------------------------------------------------------------

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/** Parses untrusted input; a failure becomes a BAD_MESSAGE problem that says which field is wrong. */
export function parseMessage<S extends z.ZodType>(schema: S, input: unknown, what: string): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const details = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(message)'}: ${issue.message}`)
    .join('; ');
  return {
    ok: false,
    problem: {
      code: 'BAD_MESSAGE',
      message: `${what} was rejected (${details.slice(0, 500)}). Update the extension and the host to the same version.`,
    },
  };
}

/** The id of a request, if the input has a usable one, so a rejection can still be answered. */
export function requestIdOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || !('id' in input)) return undefined;
  const parsed = RequestId.safeParse((input as { id: unknown }).id);
  return parsed.success ? parsed.data : undefined;
}
