// `install` as a user runs it, under a permissive umask: what it creates is private where it must be, and the launcher starts quietly.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME } from '../../lib/extension-identity';
import { hostEnvironment } from '../support/host';
import { HOST_BUNDLE } from '../support/paths';

const run = promisify(execFile);
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailbadge-install-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the built host's CLI through sh with `umask 000`, as a careless login shell would. */
async function hostUnderUmask000(configDir: string, args: string[], input = ''): Promise<{ stdout: string; stderr: string }> {
  const command = `umask 000; printf %s "$INPUT" | exec "$NODE" "$BUNDLE" "$@"`;
  return await run('sh', ['-c', command, 'sh', ...args], {
    env: { ...hostEnvironment({ configDir }), NODE: process.execPath, BUNDLE: HOST_BUNDLE, INPUT: input },
  });
}

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('install under umask 000', () => {
  it('creates the manifest directory 0755 and the config dir 0700, not 0777', async () => {
    const configDir = join(root, 'config', 'mailbadge');
    const manifests = join(root, 'profile', 'NativeMessagingHosts');
    await hostUnderUmask000(configDir, ['install', '--browser', 'chromium', '--dir', manifests]);
    expect(await modeOf(manifests)).toBe(0o755);
    expect(await modeOf(join(root, 'profile'))).toBe(0o755);
    expect(await modeOf(join(manifests, `${NATIVE_HOST_NAME}.json`))).toBe(0o644);
    expect(await modeOf(configDir)).toBe(0o700);
  });

  it('makes a config dir that others can write private again, and says so', async () => {
    const configDir = join(root, 'shared-config');
    await mkdir(configDir);
    await chmod(configDir, 0o777);
    const { stderr } = await hostUnderUmask000(configDir, ['accounts', 'add', '--name', 'A', '--host', '127.0.0.1', '--security', 'tls', '--user', 'u', '--password-stdin'], 'pw');
    expect(await modeOf(configDir)).toBe(0o700);
    expect(stderr).toMatch(/could be changed by other users.*now private \(0700\)/);
    expect(await modeOf(join(configDir, 'config.json'))).toBe(0o600);
  });

  it('refuses a config dir that belongs to another user, naming the reason and the fix', async () => {
    const configDir = join(root, 'foreign-config');
    await mkdir(configDir, { mode: 0o755 });
    await chown(configDir, 65534, 65534); // nobody; the suite runs as root (CI does)
    const failure = await hostUnderUmask000(configDir, ['accounts', 'add', '--name', 'A', '--host', '127.0.0.1', '--security', 'tls', '--user', 'u', '--password-stdin'], 'pw').then(() => undefined, (error: { stderr: string; code: number }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^mailbadge: .*foreign-config belongs to another user \(uid 65534\).*MAILBADGE_CONFIG_DIR/);
  });

  it('writes a launcher that starts the host without a V8 warning on stderr', async () => {
    const configDir = join(root, 'config');
    await hostUnderUmask000(configDir, ['install', '--browser', 'chromium', '--dir', join(root, 'manifests')]);
    // Started by a browser: an origin argument, stdin a pipe (closed at once here: the host exits).
    const started = run(join(configDir, 'mailbadge-host'), ['chrome-extension://x/'], { env: { PATH: '/usr/bin:/bin' } });
    started.child.stdin?.end();
    const { stdout, stderr } = await started;
    expect(stderr).toBe('');
    expect(stdout).toBe('');
  });
});
