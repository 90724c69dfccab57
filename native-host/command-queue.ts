// Runs one account's command sequences one at a time, so two never interleave on its single IMAP connection.

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `action` once every earlier one has settled, whether it succeeded or failed. Sequences that span
   * several commands (fetch previews then restore IDLE, select then store flags) need this: imapflow queues
   * single commands, but another sequence could otherwise change the selected folder in between.
   */
  run<T>(action: () => Promise<T>): Promise<T> {
    const result = this.tail.then(action, action);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
