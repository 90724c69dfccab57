// What the host knows of an account and tells the extension: counts, previews, folders, connection state and the
// problems it names; lib/protocol.ts builds its requests, replies and events from these shapes.
import * as z from 'zod';
import { AccountSettings } from './account';
import { FolderName, IMAP_NUMBER_MAX, Uid, UidValidity } from './names';

export const Timestamp = z.string().max(40); // ISO 8601

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
