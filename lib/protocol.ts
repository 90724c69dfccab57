// Every message between the extension and the native host, as zod schemas that both sides parse on arrival.
import * as z from 'zod';
import { AccountSettings, ProviderName, Security } from './account';
import { AccountName, FolderName, IMAP_NUMBER_MAX, RequestId, Uid, UidValidity } from './names';
import { ArchiveReadRequest, MessageChunkEvent, MovedReply, MoveMessagesRequest, SavedReply, SaveMessageRequest, SetFlaggedRequest, UndoMoveRequest } from './protocol-actions';

export { AccountName, FolderName, IMAP_NUMBER_MAX };

/**
 * Bumped when a message changes shape incompatibly; the host reports its own in the hello reply, and the extension
 * stops talking to a helper of another version (lib/host-version.ts). The hello request and reply keep their shape
 * across versions so that this check always works. 2: one name per concept (`folder`, `account`, `settings`).
 * 3: OAuth2 sign-in (`startSignIn`, `signInStarted`, `signInFinished`, `signIn` on save/test) and `discover`.
 */
export const PROTOCOL_VERSION = 3;

/** Native messaging caps host → browser frames at 1 MB. */
export const MAX_HOST_TO_BROWSER_BYTES = 1024 * 1024;
/**
 * The largest request the host accepts. Requests are a few KB (a saveAccount with a thousand folders is tens of KB);
 * a frame this size is held and parsed well within the launcher's 48 MB heap. A larger one is skipped, unread, with
 * an error reply.
 */
export const MAX_BROWSER_TO_HOST_BYTES = 1024 * 1024;
/** The most a browser sends in one frame (Chromium's cap): a longer length means the stream is corrupt. */
export const BROWSER_FRAME_CEILING_BYTES = 64 * 1024 * 1024;

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
  /** The provider no longer accepts the account's sign-in (revoked or expired grant): the user must sign in again. */
  'SIGN_IN_REQUIRED',
  /** A sign-in did not complete: refused in the browser, timed out, or the provider's answer was unusable. */
  'SIGN_IN_FAILED',
  /** Sign-in with this provider is not possible with this helper (no client ID in its build, or an unknown provider). */
  'OAUTH_UNAVAILABLE',
  /** A message an action names is no longer in its folder: another client moved or deleted it, or undo came too late. */
  'MESSAGE_GONE',
  /** Archive on an account whose server has no \\Archive folder and for which the user picked none. */
  'ARCHIVE_FOLDER_UNSET',
  /** Mark as spam on an account that has no \\Junk folder. */
  'JUNK_FOLDER_MISSING',
  /** Save as .eml of a message larger than MAX_SAVE_BYTES. */
  'MESSAGE_TOO_LARGE',
  /** The server sent more than the helper accepts (an overlong line or literal) or a value outside IMAP's range. */
  'SERVER_INVALID_REPLY',
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

const Count = z.number().int().nonnegative().max(IMAP_NUMBER_MAX);

export const FolderCount = z.object({
  folder: FolderName,
  unseen: Count,
  total: Count,
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
/** Names one finished sign-in the host holds (its tokens never leave the host); saving the account keeps its refresh token. */
export const SignInId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);
/** Adds or changes an account; without a password (or sign-in) the stored secret is kept. `previousName` renames. */
export const SaveAccountRequest = z.object({
  type: z.literal('saveAccount'),
  id: RequestId,
  settings: AccountSettings,
  password: Password.optional(),
  signIn: SignInId.optional(),
  previousName: AccountName.optional(),
});
export const RemoveAccountRequest = z.object({ type: z.literal('removeAccount'), id: RequestId, account: AccountName });
/** Connects with these settings without saving them; answers with the folder list, or the exact problem. */
export const TestAccountRequest = z.object({
  type: z.literal('testAccount'),
  id: RequestId,
  settings: AccountSettings,
  password: Password.optional(),
  signIn: SignInId.optional(),
});
/** Server settings for an email address, looked up by the host (provider table, autoconfig, DNS). */
export const DiscoverRequest = z.object({ type: z.literal('discover'), id: RequestId, address: z.string().min(3).max(320) });
/** Starts an OAuth2 sign-in in the host; it answers with the address to open in a tab, then pushes signInFinished. */
export const StartSignInRequest = z.object({ type: z.literal('startSignIn'), id: RequestId, provider: ProviderName, user: z.string().min(1).max(320) });

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
  DiscoverRequest,
  StartSignInRequest,
  MoveMessagesRequest,
  ArchiveReadRequest,
  UndoMoveRequest,
  SetFlaggedRequest,
  SaveMessageRequest,
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
/** The most folders one folders reply lists; a server with more gets the first ones and a `truncated` notice. */
export const MAX_LISTED_FOLDERS = 5000;
export const FoldersReply = z.object({
  type: z.literal('folders'),
  id: RequestId,
  folders: z.array(FolderInfo).max(MAX_LISTED_FOLDERS),
  /** Set when the server has more folders than the reply lists: "too many folders; showing the first `shown`". */
  truncated: z.object({ shown: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});

/** Where discovered settings came from, in the order the host asks: its provider table, the domain's autoconfig file, SRV, MX, a guess. */
export const DiscoverySource = z.enum(['provider', 'autoconfig', 'srv', 'mx', 'guess']);
export type DiscoverySource = z.infer<typeof DiscoverySource>;
/** An OAuth2 provider the address can sign in with; `available` is false when this helper was built without its client ID. */
export const SignInOption = z.object({
  provider: ProviderName,
  label: z.string().max(80),
  available: z.boolean(),
  /** The build variable that would have held the client ID (shown when unavailable). */
  clientIdVariable: z.string().max(80).optional(),
});
export type SignInOption = z.infer<typeof SignInOption>;
export const DiscoveredReply = z.object({
  type: z.literal('discovered'),
  id: RequestId,
  host: z.string().max(255),
  port: z.number().int().min(1).max(65535),
  security: Security,
  source: DiscoverySource,
  oauth: SignInOption.optional(),
});
export const SignInStartedReply = z.object({ type: z.literal('signInStarted'), id: RequestId, signIn: SignInId, url: z.url().max(8000) });
/** Pushed when a sign-in ends: without a problem the host now holds its tokens under `signIn`. */
export const SignInFinishedEvent = z.object({ type: z.literal('signInFinished'), signIn: SignInId, problem: Problem.optional() });
export type SignInFinishedEvent = z.infer<typeof SignInFinishedEvent>;

export const HostToExtension = z.discriminatedUnion('type', [
  PreviewsEvent,
  FoldersReply,
  HelloReply,
  StateReply,
  OkReply,
  ErrorReply,
  AccountStatusEvent,
  FolderCountsEvent,
  DiscoveredReply,
  SignInStartedReply,
  SignInFinishedEvent,
  MovedReply,
  MessageChunkEvent,
  SavedReply,
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
