// Messages from the popup and options pages to the background worker, checked on arrival like host messages.
import { z } from 'zod';
import { AccountName } from './protocol';

export const RefreshMessage = z.object({ type: z.literal('refresh'), account: AccountName.optional() });
export const PageToWorker = z.discriminatedUnion('type', [RefreshMessage]);
export type PageToWorker = z.infer<typeof PageToWorker>;
