// Save as .eml in the worker: asks the host for the message, collects its chunks (each its own frame, checked in
// order and size), and hands the whole to the browser's downloads API under a name made from the subject.
import { browser } from 'wxt/browser';
import { emlFilename } from './eml-filename';
import type { HostPort } from './host-port';
import type { HostToExtension, Problem } from './protocol';
import { MAX_SAVE_BYTES, SAVE_CHUNK_BYTES, type MessageChunkEvent } from './protocol-actions';
import type { SaveMessageMessage } from './runtime-messages';

/** A large message over a slow link takes longer than an ordinary request may. */
const SAVE_TIMEOUT_MS = 5 * 60_000;

export class MessageSaver {
  /** Chunks by transfer, for the saves under way. */
  private readonly transfers = new Map<string, string[]>();

  constructor(private readonly port: Pick<HostPort, 'request'>) {}

  /** Takes a chunk of a save under way; false for every other message. */
  take(message: HostToExtension): boolean {
    if (message.type !== 'messageChunk') return false;
    const chunks = this.transfers.get(message.transfer);
    // In order, and at most what the size cap allows: anything else is dropped and makes the save fail its check.
    if (chunks && message.index === chunks.length && chunks.length * SAVE_CHUNK_BYTES < MAX_SAVE_BYTES) chunks.push(message.data);
    return true;
  }

  /** Resolves with `{ type: 'ok' }` once the download has started, or the problem. */
  async save(request: SaveMessageMessage): Promise<HostToExtension> {
    const transfer = crypto.randomUUID();
    const chunks: string[] = [];
    this.transfers.set(transfer, chunks);
    try {
      const { subject, type: _type, ...target } = request;
      const reply = await this.port.request({ type: 'saveMessage', ...target, transfer }, SAVE_TIMEOUT_MS);
      if (reply.type !== 'saved') return reply;
      const problem = incomplete(chunks, reply.chunks, reply.bytes);
      if (problem) return { type: 'error', problem };
      await browser.downloads.download({ url: await downloadUrl(chunks), filename: emlFilename(subject), conflictAction: 'uniquify' });
      return { type: 'ok', id: reply.id };
    } catch (error) {
      return { type: 'error', problem: { code: 'INTERNAL', message: `The download could not start (${error instanceof Error ? error.message : String(error)}).` } };
    } finally {
      this.transfers.delete(transfer);
    }
  }
}

/** Whether every chunk the host announced arrived, and adds up to the bytes it announced. */
function incomplete(chunks: readonly string[], expected: number, bytes: number): Problem | undefined {
  const received = chunks.reduce((sum, data) => sum + base64Bytes(data), 0);
  if (chunks.length === expected && received === bytes) return undefined;
  return { code: 'INTERNAL', message: `The message arrived incomplete (${chunks.length} of ${expected} parts, ${received} of ${bytes} bytes); try again.` };
}

function base64Bytes(data: string): number {
  return (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
}

/**
 * A URL the downloads API can fetch: a blob URL where the background has a document (Firefox), else a data URL
 * (a Chromium service worker has no URL.createObjectURL). Every chunk but the last is a multiple of 3 bytes, so
 * the base64 strings join as they are.
 */
async function downloadUrl(chunks: readonly string[]): Promise<string> {
  const base64 = chunks.join('');
  if (typeof URL.createObjectURL === 'function' && typeof document !== 'undefined') {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'message/rfc822' }));
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return url;
  }
  return `data:message/rfc822;base64,${base64}`;
}
