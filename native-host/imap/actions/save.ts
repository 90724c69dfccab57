// Save as .eml: the whole message exactly as the server stores it, fetched only on demand with BODY.PEEK[] (never
// setting \Seen), in a read-only selection, handed on in chunks small enough for one native-messaging frame each.
import type { ImapFlow } from 'imapflow';
import { MAX_SAVE_BYTES, SAVE_CHUNK_BYTES } from '../../../lib/protocol-actions';
import { HostError } from '../../errors';
import { inFolder } from './folder-lock';

export interface SavedMessage {
  bytes: number;
  chunks: number;
}

/** Calls `chunk` with each SAVE_CHUNK_BYTES piece in order (the last may be shorter); refuses messages over MAX_SAVE_BYTES. */
export async function saveMessage(client: ImapFlow, folder: string, uidValidity: string | undefined, uid: number, chunk: (index: number, data: Buffer) => void): Promise<SavedMessage> {
  return await inFolder(
    client,
    folder,
    uidValidity,
    'Saving the message',
    async () => {
      const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
      if (!head) throw new HostError('MESSAGE_GONE', `Message ${uid} is no longer in "${folder}": another mail client moved or deleted it.`);
      const size = head.size ?? 0;
      if (size > MAX_SAVE_BYTES) {
        throw new HostError('MESSAGE_TOO_LARGE', `Message ${uid} is ${megabytes(size)} MB; Mailbadge saves messages up to ${MAX_SAVE_BYTES / 1024 / 1024} MB. Save it from your mail client.`);
      }
      // download() fetches BODY.PEEK[]<offset.length> windows of chunkSize; maxBytes stops a server that sends more than it said.
      const { content } = await client.download(String(uid), undefined, { uid: true, chunkSize: SAVE_CHUNK_BYTES, maxBytes: MAX_SAVE_BYTES + 1 });
      if (!content) throw new HostError('MESSAGE_GONE', `Message ${uid} is no longer in "${folder}": another mail client moved or deleted it.`);
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let bytes = 0;
      let index = 0;
      const flush = (upTo: number) => {
        const joined = Buffer.concat(pending);
        chunk(index++, joined.subarray(0, upTo));
        const rest = joined.subarray(upTo);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      };
      for await (const piece of content as AsyncIterable<Buffer>) {
        bytes += piece.length;
        if (bytes > MAX_SAVE_BYTES) {
          content.destroy();
          throw new HostError('MESSAGE_TOO_LARGE', `Message ${uid} turned out larger than ${MAX_SAVE_BYTES / 1024 / 1024} MB; save it from your mail client.`);
        }
        pending.push(piece);
        pendingBytes += piece.length;
        while (pendingBytes >= SAVE_CHUNK_BYTES) flush(SAVE_CHUNK_BYTES);
      }
      if (pendingBytes > 0 || index === 0) flush(pendingBytes);
      return { bytes, chunks: index };
    },
    { readOnly: true },
  );
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
