// `npm start`: builds, starts a demo Dovecot with a trickle of new mail, and opens Chromium with the extension and host.
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { launchWithExtension, waitForValue, type ExtensionBrowser } from '../test/support/chromium';
import { startDovecot, type DovecotServer } from '../test/support/dovecot';
import { addDovecotAccount } from '../test/support/host';
import { buildMessage } from '../test/support/mail';
import { REPO_ROOT } from '../test/support/paths';
import { missingLine, packageManager, readOsRelease, requirements } from './preflight';

const TRICKLE_MS = 30_000;
const DEMO_DIR = join(REPO_ROOT, '.mailbadge-demo');
const SENDERS = ['Ada Lovelace <ada@example.test>', 'Grace Hopper <grace@example.test>', 'Alan Turing <alan@example.test>'];
const SUBJECTS = ['Lunch on Friday?', 'Build is green again', 'Minutes of the weekly meeting', 'Your parcel is on its way', 'Quick question about the report'];

const say = (line: string) => process.stdout.write(`[mailbadge] ${line}\n`);

/** Dovecot and Chromium come from the system: name what is missing and how to get it (as root on apt systems, get it). */
function ensureSystemPackages(): boolean {
  let missing = requirements().filter((r) => !r.present);
  if (missing.length === 0) return true;
  const manager = packageManager(process.platform, readOsRelease());
  if (manager === 'apt' && process.getuid?.() === 0) {
    const packages = missing.map((r) => r.packages.apt);
    say(`Installing ${packages.join(' and ')} with apt-get (you are root; ${missing.map((r) => r.name).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing)…`);
    try {
      execFileSync('apt-get', ['update'], { stdio: 'inherit' });
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // apt-get has said why; the line below says what to do.
    }
    missing = requirements().filter((r) => !r.present);
    if (missing.length === 0) return true;
  }
  say(missingLine(missing, manager));
  return false;
}

async function main(): Promise<void> {
  if (!ensureSystemPackages()) process.exit(1);
  say('Building the extension and the native host…');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });

  say('Starting a demo Dovecot on 127.0.0.1…');
  let server: DovecotServer;
  try {
    server = await startDovecot({ users: [{ user: 'demo', password: `demo-${Math.random().toString(36).slice(2)}` }] });
  } catch (error) {
    say(`Could not start Dovecot: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  let browser: ExtensionBrowser | undefined;
  let trickle: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(trickle);
    say('Stopping Chromium and Dovecot…');
    await browser?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    for (let i = 0; i < 3; i++) await appendDemoMail(server, i);
    const configDir = join(DEMO_DIR, 'config');
    await rm(DEMO_DIR, { recursive: true, force: true });
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    await addDovecotAccount({ configDir }, server, { name: 'Demo', user: 'demo' });
    say(`Demo account "Demo" (demo@127.0.0.1:${server.imapsPort}, TLS with its self-signed certificate pinned).`);

    const display = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    if (!display) say('No display found (DISPLAY/WAYLAND_DISPLAY unset): running Chromium headless and printing the badge here.');
    browser = await launchWithExtension({ configDir, headless: !display });
    if (display) await browser.openPopup();
    const initial = await waitForValue(() => browser!.badgeText(), '3', 15_000);
    say(`Badge shows "${initial}". A new message arrives every ${TRICKLE_MS / 1000} s. Press Ctrl-C to stop.`);

    let sent = 3;
    let lastBadge = initial;
    trickle = setInterval(() => {
      void (async () => {
        const subject = await appendDemoMail(server, sent++);
        say(`New demo mail: "${subject}"`);
      })().catch((error: unknown) => say(`Could not append demo mail: ${String(error)}`));
    }, TRICKLE_MS);
    // Report the badge as it changes, so a headless run shows the product working.
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const badge = await browser.badgeText().catch(() => lastBadge);
      if (badge !== lastBadge) say(`Badge: "${badge}"`);
      lastBadge = badge;
    }
  } catch (error) {
    say(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stop(1);
  }
}

async function appendDemoMail(server: DovecotServer, n: number): Promise<string> {
  const subject = SUBJECTS[n % SUBJECTS.length]!;
  await server.append('demo', 'INBOX', buildMessage({ from: SENDERS[n % SENDERS.length], to: 'demo@example.test', subject, body: `Demo message number ${n + 1}.` }));
  return subject;
}

void main();
