import { describe, expect, it } from 'vitest';
import { CommandQueue } from '../../native-host/command-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('command queue', () => {
  it('runs sequences one after another, never interleaved', async () => {
    const queue = new CommandQueue();
    const log: string[] = [];
    const sequence = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run(sequence('a')), queue.run(sequence('b')), queue.run(sequence('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('gives a failure to its own caller only; the next sequence still runs', async () => {
    const queue = new CommandQueue();
    const failed = queue.run(async () => {
      await tick();
      throw new Error('connection broke');
    });
    const next = queue.run(async () => 'ran');
    await expect(failed).rejects.toThrow('connection broke');
    await expect(next).resolves.toBe('ran');
  });
});
