// Names shared by the account settings and the protocol: an account's name and a folder's (full) name.
import { z } from 'zod';

export const AccountName = z
  .string()
  .min(1, 'An account name cannot be empty')
  .max(64, 'An account name is at most 64 characters')
  .regex(/^[^\u0000-\u001f/\\]+$/, 'An account name cannot contain slashes or control characters');

export const FolderName = z.string().min(1).max(1024);
