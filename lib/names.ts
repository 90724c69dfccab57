// Names and identifiers shared by the account settings and the protocol: an account's name, a folder's (full) name,
// a message's UID and the UIDVALIDITY that guards it, a request's id.
import * as z from 'zod';

export const AccountName = z
  .string()
  .min(1, 'An account name cannot be empty')
  .max(64, 'An account name is at most 64 characters')
  .regex(/^[^\u0000-\u001f/\\]+$/, 'An account name cannot contain slashes or control characters');

export const FolderName = z.string().min(1).max(1024);

export const RequestId = z.string().min(1).max(64);

/** IMAP's numbers (counts, UIDs, UIDVALIDITY, UIDNEXT) are 32-bit unsigned (RFC 9051 `number`); the host checks server values against it. */
export const IMAP_NUMBER_MAX = 2 ** 32 - 1;

/** A message's UID: a non-zero 32-bit unsigned number, meaningful only with its folder's UIDVALIDITY. */
export const Uid = z.number().int().positive().max(IMAP_NUMBER_MAX);

/** UIDVALIDITY as a decimal string: it is a 32-bit unsigned number that guards every UID. */
export const UidValidity = z.string().regex(/^\d{1,10}$/).refine((text) => Number(text) <= IMAP_NUMBER_MAX, 'UIDVALIDITY is a 32-bit number');
