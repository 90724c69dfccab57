// Passwords in a 0600 JSON file in the config dir: the fallback where no OS keychain answers.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { writeFileAtomic } from '../config';
import { HostError } from '../errors';
import { ensurePrivateDir } from '../private-dir';
import type { SecretStore } from './secret-store';

const SecretsFile = z.object({ version: z.literal(1), passwords: z.record(z.string(), z.string()) });
type SecretsFile = z.infer<typeof SecretsFile>;

export class FileSecretStore implements SecretStore {
  readonly kind = 'file';
  private readonly path: string;

  constructor(dir: string) {
    this.path = join(dir, 'secrets.json');
  }

  async get(account: string): Promise<string | undefined> {
    const file = await this.read();
    return Object.hasOwn(file.passwords, account) ? file.passwords[account] : undefined;
  }

  async set(account: string, password: string): Promise<void> {
    const file = await this.read();
    file.passwords[account] = password;
    await this.write(file);
  }

  async delete(account: string): Promise<void> {
    const file = await this.read();
    if (!Object.hasOwn(file.passwords, account)) return;
    delete file.passwords[account];
    await this.write(file);
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, passwords: {} };
      throw new HostError('SECRET_MISSING', `Cannot read the password file ${this.path}; check its permissions.`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = SecretsFile.safeParse(json);
    // Never echo the file's content: it holds passwords.
    if (!parsed.success) {
      throw new HostError('SECRET_MISSING', `The password file ${this.path} is damaged; move it away and set the passwords again.`);
    }
    return parsed.data;
  }

  private async write(file: SecretsFile): Promise<void> {
    await ensurePrivateDir(dirname(this.path));
    await writeFileAtomic(this.path, JSON.stringify(file) + '\n');
  }
}
