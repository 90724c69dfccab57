// Names and identifiers shared by the account settings and the protocol: an account's name, a folder's (full) name,
// a message's UID and the UIDVALIDITY that guards it, a request's id.
import { z } from 'zod';

export const AccountName = z
  .string()
  .min(1, 'An account name cannot be empty')
  .max(64, 'An account name is at most 64 characters')
  .regex(/^[^\u0000-\u001f/\\]+$/, 'An account name cannot contain slashes or control characters');

export const FolderName = z.string().min(1).max(1024);

export const RequestId = z.string().min(1).max(64);

/** A message's UID: a non-zero 32-bit unsigned number, meaningful only with its folder's UIDVALIDITY. */
export const Uid = z.number().int().positive().max(2 ** 32 - 1);

/** UIDVALIDITY as a decimal string: it is a 32-bit unsigned number that guards every UID. */
export const UidValidity = z.string().regex(/^\d{1,10}$/);
