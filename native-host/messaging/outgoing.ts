// Everything the host sends the browser passes here: checked against the extension's own schema, and kept within
// the 1 MB frame limit, so the extension never receives a message it would drop.
import { HostToExtension, type Problem } from '../../lib/protocol';
import { fitToFrame } from './frame-budget';
import { encodeFrame } from './framing';

/** The frames for one message: usually one; more when it had to be split to fit; an error frame if it was invalid. */
export function framesFor(message: HostToExtension): Buffer[] {
  const checked = HostToExtension.safeParse(message);
  if (!checked.success) {
    const where = checked.error.issues[0]?.path.join('.') || '(message)';
    // The values stay out of the log: they may be a server's junk, or private.
    process.stderr.write(`mailbadge: dropped a ${message.type} message the extension would reject (at ${where})\n`);
    return [refusal(message, { code: 'INTERNAL', message: `The helper produced a "${message.type}" message the extension would reject (at ${where.slice(0, 200)}); it was dropped. See the helper's log.` })];
  }
  const frames: Buffer[] = [];
  for (const part of fitToFrame(checked.data)) {
    try {
      frames.push(encodeFrame(part));
    } catch {
      frames.push(refusal(part, { code: 'INTERNAL', message: `A "${part.type}" message was too large for the browser (over 1 MB); it was dropped.` }));
    }
  }
  return frames;
}

/** An error frame in place of a message, answering its request if it was a reply. */
function refusal(message: HostToExtension, problem: Problem): Buffer {
  const id = 'id' in message && typeof message.id === 'string' && message.id ? message.id : undefined;
  return encodeFrame({ type: 'error', ...(id ? { id } : {}), problem });
}
