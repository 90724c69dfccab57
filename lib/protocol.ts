// Every message between the extension and the native host, as zod schemas that both sides parse on arrival.
import * as z from 'zod';
import { AccountSettings, ProviderName, Security } from './account';
import { AccountName, FolderName, IMAP_NUMBER_MAX, RequestId, Uid, UidValidity } from './names';
import {
  AccountStatus,
  AccountView,
  FolderCount,
  FolderInfo,
  FolderPreviews,
  Problem,
  Timestamp,
} from './protocol-state';
import { ArchiveReadRequest, MessageChunkEvent, MovedReply, MoveMessagesRequest, SavedReply, SaveMessageRequest, SetFlaggedRequest, UndoMoveRequest } from './protocol-actions';

export { AccountName, FolderName, IMAP_NUMBER_MAX };
export * from './protocol-state';

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
