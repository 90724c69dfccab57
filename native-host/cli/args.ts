// Small helpers shared by the CLI commands: typed option parsing and reading a password from stdin.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { HostError } from '../errors';

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new HostError('BAD_MESSAGE', `${(error as Error).message}. Usage: ${usage}`);
  }
}

export function required<T>(value: T | undefined, flag: string, usage: string): T {
  if (value === undefined || value === '') throw new HostError('BAD_MESSAGE', `${flag} is required. Usage: ${usage}`);
  return value;
}

const MAX_PASSWORD_BYTES = 4096;

/** The whole of stdin, minus one trailing newline (as `echo` adds). */
export async function readPasswordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_PASSWORD_BYTES) throw new HostError('BAD_MESSAGE', `The password on stdin is longer than ${MAX_PASSWORD_BYTES} bytes.`);
    chunks.push(buffer);
  }
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!password) throw new HostError('BAD_MESSAGE', 'No password arrived on stdin. Pipe it in: printf %s "$PASSWORD" | … --password-stdin');
  return password;
}
