// Test harness, part 1: the files a throwaway Dovecot needs (users, certificate, dovecot.conf) and who it runs as.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  users?: DovecotUser[];
  /** When set, written as dovecot's `imap_capability = ...` (lets tests drop NOTIFY/IDLE). */
  imapCapability?: string;
  /**
   * Folders created for every user with their RFC 6154 role, name → flag without the backslash. Default Drafts, Sent,
   * Trash and Junk (each with its own name); `{ Archive: 'Archive', ... }` adds an archive, leaving Trash out drops it.
   */
  specialFolders?: Record<string, string>;
  /** How long to wait for the server to come up, per attempt. Default 15 000 ms. */
  startupTimeoutMs?: number;
  /** Dovecot executable. Default: $DOVECOT_BIN, else /usr/sbin/dovecot, else `dovecot` on PATH. */
  binary?: string;
  /**
   * Also accept OAuth2 bearer tokens (XOAUTH2, OAUTHBEARER), each checked at this RFC 7662 introspection endpoint
   * (test/support/oauth-server.ts): the token's `sub` must be the IMAP user. Passwords keep working.
   */
  oauth2?: { introspectionUrl: string };
}

export const HOST = '127.0.0.1';

const DEFAULT_SPECIAL_FOLDERS: Record<string, string> = { Drafts: 'Drafts', Sent: 'Sent', Trash: 'Trash', Junk: 'Junk' };

const execFileAsync = promisify(execFile);

/** Who Dovecot's processes run as, and who owns the mail. */
export interface RunIdentity {
  loginUser: string;
  internalUser: string;
  internalGroup: string;
  mailUid: number;
  mailGid: number;
}

export interface Paths {
  rootDir: string;
  oauth2ConfigPath: string;
  configPath: string;
  logPath: string;
  stderrPath: string;
  passwdPath: string;
  certPath: string;
  keyPath: string;
  baseDir: string;
  stateDir: string;
  homeDir(user: string): string;
}

export interface Ports {
  imapPort: number;
  imapsPort: number;
}

export function validateUsers(users: DovecotUser[]): void {
  if (users.length === 0) throw new Error('startDovecot: at least one user is needed');
  for (const { user, password } of users) {
    // The passwd-file is colon-separated and line-based; these characters would corrupt it.
    if (!/^[A-Za-z0-9._@+-]+$/.test(user)) throw new Error(`startDovecot: unsupported user name ${JSON.stringify(user)}`);
    if (/[:\r\n]/.test(password) || password.length === 0) {
      throw new Error(`startDovecot: password of ${user} must be non-empty without ':' or line breaks`);
    }
  }
}

export function validateCapability(capability: string | undefined): void {
  // A line break would let the value inject further configuration lines.
  if (capability !== undefined && /[\r\n]/.test(capability)) {
    throw new Error('startDovecot: imapCapability must be a single line');
  }
}

export function validateSpecialFolders(folders: Record<string, string> | undefined): void {
  // Written into dovecot.conf as `mailbox <name> { special_use = \\<flag> }`: keep both to plain words.
  for (const [name, flag] of Object.entries(folders ?? {})) {
    if (!/^[A-Za-z0-9_-]+$/.test(name) || !/^[A-Za-z]+$/.test(flag)) throw new Error(`startDovecot: unsupported special folder ${JSON.stringify([name, flag])}`);
  }
}

export function makePaths(rootDir: string): Paths {
  return {
    rootDir,
    oauth2ConfigPath: join(rootDir, 'dovecot-oauth2.conf.ext'),
    configPath: join(rootDir, 'dovecot.conf'),
    logPath: join(rootDir, 'dovecot.log'),
    stderrPath: join(rootDir, 'dovecot.stderr'),
    passwdPath: join(rootDir, 'passwd'),
    certPath: join(rootDir, 'cert.pem'),
    keyPath: join(rootDir, 'key.pem'),
    baseDir: join(rootDir, 'run'),
    stateDir: join(rootDir, 'state'),
    homeDir: (user) => join(rootDir, 'home', user),
  };
}

export async function resolveRunIdentity(): Promise<RunIdentity> {
  if (process.getuid?.() === 0) {
    // imap-login refuses to run as root, so use the unprivileged accounts the Debian package creates.
    return {
      loginUser: 'dovenull',
      internalUser: 'dovecot',
      internalGroup: 'dovecot',
      mailUid: await idNumber('-u', 'dovecot'),
      mailGid: await idNumber('-g', 'dovecot'),
    };
  }
  // Without root Dovecot cannot switch users, so every process (and the mail) is ours.
  const me = userInfo();
  const { stdout } = await execFileAsync('id', ['-gn']);
  return { loginUser: me.username, internalUser: me.username, internalGroup: stdout.trim(), mailUid: me.uid, mailGid: me.gid };
}

async function idNumber(flag: '-u' | '-g', name: string): Promise<number> {
  try {
    const { stdout } = await execFileAsync('id', [flag, name]);
    return Number(stdout.trim());
  } catch {
    throw new Error(`startDovecot: system user "${name}" is missing (install the dovecot-imapd package)`);
  }
}

export async function prepareFilesystem(paths: Paths, users: DovecotUser[], identity: RunIdentity, options: DovecotOptions = {}): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  // mkdtemp creates 0700; Dovecot's unprivileged processes must traverse it to reach the homes.
  await chmod(paths.rootDir, 0o755);
  await mkdir(join(paths.rootDir, 'home'), { mode: 0o755 });
  for (const { user } of users) {
    const home = paths.homeDir(user);
    await mkdir(home, { mode: 0o700 });
    if (asRoot) await chown(home, identity.mailUid, identity.mailGid);
  }
  await writeFile(paths.passwdPath, renderPasswdFile(paths, users, identity), { mode: 0o600 });
  if (options.oauth2) await writeFile(paths.oauth2ConfigPath, renderOAuth2Config(options.oauth2.introspectionUrl), { mode: 0o644 });
  // The auth process may run as the internal user; keep the file unreadable for anyone else.
  if (asRoot) await chown(paths.passwdPath, identity.mailUid, identity.mailGid);
}

function renderPasswdFile(paths: Paths, users: DovecotUser[], identity: RunIdentity): string {
  return users
    .map(({ user, password }) => `${user}:{PLAIN}${password}:${identity.mailUid}:${identity.mailGid}::${paths.homeDir(user)}::\n`)
    .join('');
}

export async function generateCertificate(paths: Paths): Promise<string> {
  await execFileAsync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30',
    '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', paths.keyPath, '-out', paths.certPath,
  ]);
  await chmod(paths.keyPath, 0o600);
  return readFile(paths.certPath, 'utf8');
}

export function renderConfig(paths: Paths, identity: RunIdentity, ports: Ports, options: DovecotOptions): string {
  const specialUse = (name: string, flag: string): string =>
    `  mailbox ${name} {\n    special_use = \\${flag}\n    auto = subscribe\n  }`;
  return [
    '# Generated by test/support/dovecot.ts for a throwaway test server.',
    'protocols = imap',
    `listen = ${HOST}`,
    `base_dir = ${paths.baseDir}`,
    `state_dir = ${paths.stateDir}`,
    `log_path = ${paths.logPath}`,
    `info_log_path = ${paths.logPath}`,
    `debug_log_path = ${paths.logPath}`,
    `default_login_user = ${identity.loginUser}`,
    `default_internal_user = ${identity.internalUser}`,
    `default_internal_group = ${identity.internalGroup}`,
    'first_valid_uid = 1',
    'first_valid_gid = 1',
    'ssl = yes',
    `ssl_cert = <${paths.certPath}`,
    `ssl_key = <${paths.keyPath}`,
    'disable_plaintext_auth = yes',
    `auth_mechanisms = plain login${options.oauth2 ? ' xoauth2 oauthbearer' : ''}`,
    // Tests try wrong passwords on purpose; don't make every failure cost 2 s (0.5 s remains).
    'auth_failure_delay = 0',
    'mail_location = maildir:~/Maildir',
    ...(options.imapCapability === undefined ? [] : [`imap_capability = ${options.imapCapability}`]),
    ...(options.oauth2
      ? ['passdb {', '  driver = oauth2', '  mechanisms = xoauth2 oauthbearer', `  args = ${paths.oauth2ConfigPath}`, '}']
      : []),
    'passdb {',
    '  driver = passwd-file',
    ...(options.oauth2 ? ['  mechanisms = plain login'] : []),
    `  args = scheme=PLAIN username_format=%u ${paths.passwdPath}`,
    '}',
    'userdb {',
    '  driver = passwd-file',
    `  args = username_format=%u ${paths.passwdPath}`,
    '}',
    'namespace inbox {',
    '  inbox = yes',
    ...Object.entries(options.specialFolders ?? DEFAULT_SPECIAL_FOLDERS).map(([name, flag]) => specialUse(name, flag)),
    '}',
    'service imap-login {',
    // An empty chroot lets imap-login run without a root-owned chroot directory.
    '  chroot =',
    '  inet_listener imap {',
    `    address = ${HOST}`,
    `    port = ${ports.imapPort}`,
    '  }',
    '  inet_listener imaps {',
    `    address = ${HOST}`,
    `    port = ${ports.imapsPort}`,
    '    ssl = yes',
    '  }',
    '}',
    'service anvil {',
    '  chroot =',
    // All test clients share 127.0.0.1, so after a few wrong passwords anvil's per-IP penalty
    // would delay every later login (4 s, 8 s, ...). Auth disables the penalty silently when it
    // finds no socket under the expected name; login_trusted_networks does not help in 2.3.
    '  unix_listener anvil-auth-penalty {',
    '    path = anvil-auth-penalty-disabled',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Dovecot's oauth2 passdb settings: every token is checked at the introspection endpoint, so a revoked one fails. */
export function renderOAuth2Config(introspectionUrl: string): string {
  if (/[\r\n]/.test(introspectionUrl)) throw new Error('startDovecot: oauth2.introspectionUrl must be a single line');
  return [
    'introspection_mode = post',
    `introspection_url = ${introspectionUrl}`,
    // Dovecot's default is `email`; the test server puts the IMAP user in `sub`.
    'username_attribute = sub',
    'active_attribute = active',
    'active_value = true',
    'timeout_msecs = 5000',
    '',
  ].join('\n');
}
