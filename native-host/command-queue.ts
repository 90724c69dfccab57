// Runs one account's command sequences one at a time, so two never interleave on its single IMAP connection.

/** Wraps each sequence as it runs (the session bounds how long one may take). */
export type SequenceGuard = <T>(action: () => Promise<T>) => Promise<T>;

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly guard: SequenceGuard = (action) => action()) {}

  /**
   * Runs `action` once every earlier one has settled, whether it succeeded or failed. Sequences that span
   * several commands (fetch previews then restore IDLE, select then store flags) need this: imapflow queues
   * single commands, but another sequence could otherwise change the selected folder in between.
   */
  run<T>(action: () => Promise<T>): Promise<T> {
    const guarded = () => this.guard(action);
    const result = this.tail.then(guarded, guarded);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
