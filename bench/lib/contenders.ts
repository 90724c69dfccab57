// The contenders, each a strategy people run for "tell me about new mail", and how each is started against a site.
// Ours runs as shipped (`watch` through the installed launcher); the others are small imapflow scripts in
// bench/contenders/, run under the launcher's Node.js flags so the difference is the strategy.
import { addDovecotAccount, hostEnvironment, makeConfigDir } from '../../test/support/host';
import { contenderBundle, type ContenderScript } from './build';
import { RunningContender, type ProcessCommand } from './contender';
import { installLauncher } from './launcher';
import { SETTINGS_VARIABLE, type ContenderSettings } from '../contenders/contender-io';
import { USER, type Site, type SiteId } from './site';
import { WATCHED_FOLDERS } from './seed';

export interface ContenderDef {
  id: string;
  label: string;
  site: SiteId;
  /** Folders it hears of by push (the latency run waits for these before the next message). */
  push: 'all' | 'inbox' | 'none';
  /** Loopback source addresses its connections come from (Dovecot allows 10 per user and address). */
  sources: number;
  /** NOTIFY sessions go late after a list-index rotation; the latency run restarts them after forcing one. */
  notify: boolean;
  run: { host: true } | { script: ContenderScript; intervalMs?: number; variant?: string };
}

export function contenderDefs(options: { sweepMs: number; naiveMs: number }): ContenderDef[] {
  return [
    { id: 'mailbadge', label: 'Mailbadge (NOTIFY)', site: 'main', push: 'all', sources: 1, notify: true, run: { host: true } },
    { id: 'mailbadge-idle-list-status', label: 'Mailbadge, no NOTIFY (IDLE + LIST-STATUS poll)', site: 'no-notify', push: 'inbox', sources: 1, notify: false, run: { host: true } },
    { id: 'mailbadge-idle-status', label: 'Mailbadge, no NOTIFY/LIST-STATUS (IDLE + pipelined STATUS)', site: 'no-list-status', push: 'inbox', sources: 1, notify: false, run: { host: true } },
    { id: 'mailbadge-poll', label: 'Mailbadge, no NOTIFY/IDLE (poll only)', site: 'no-push', push: 'none', sources: 1, notify: false, run: { host: true } },
    { id: 'bare-notify', label: 'bare NOTIFY client (floor)', site: 'main', push: 'all', sources: 1, notify: true, run: { script: 'bare-notify' } },
    { id: 'idle-per-folder', label: 'IDLE per folder (goimapnotify style)', site: 'main', push: 'all', sources: 3, notify: false, run: { script: 'idle-per-folder' } },
    { id: 'inbox-idle-sweep', label: 'IDLE INBOX + STATUS sweep 10 min (Thunderbird/mailnag)', site: 'main', push: 'inbox', sources: 1, notify: false, run: { script: 'inbox-idle-sweep', intervalMs: options.sweepMs } },
    { id: 'naive-headers', label: 'naive poll 60 s, FETCH headers', site: 'main', push: 'none', sources: 1, notify: false, run: { script: 'naive-poll', intervalMs: options.naiveMs, variant: 'headers' } },
    { id: 'naive-rfc822', label: 'naive poll 60 s, FETCH whole messages', site: 'main', push: 'none', sources: 1, notify: false, run: { script: 'naive-poll', intervalMs: options.naiveMs, variant: 'rfc822' } },
  ];
}

export interface Entrant {
  def: ContenderDef;
  site: Site;
  running: RunningContender;
  /** Stops the process (relay and records stay) and starts it again, with the same settings. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startEntrant(def: ContenderDef, site: Site, nodeFlags: string[]): Promise<Entrant> {
  const server = site.server;
  const removals: (() => Promise<void>)[] = [];
  let command: (port: number) => Promise<ProcessCommand>;
  const run = def.run;
  if ('host' in run) {
    command = async (port) => {
      const env = await makeConfigDir();
      removals.push(env.remove);
      await addDovecotAccount(env, { ...server, imapsPort: port }, { name: 'Bench', folders: WATCHED_FOLDERS });
      const launcher = await installLauncher(env);
      return { file: launcher.path, args: ['watch', 'Bench', '--json'], env: hostEnvironment(env) };
    };
  } else {
    command = async (port) => {
      const settings: ContenderSettings = { host: server.host, port, ca: server.certPem, user: USER.user, password: USER.password, folders: WATCHED_FOLDERS, intervalMs: run.intervalMs, variant: run.variant };
      return { file: process.execPath, args: [...nodeFlags, contenderBundle(run.script)], env: { ...process.env, [SETTINGS_VARIABLE]: JSON.stringify(settings) } };
    };
  }
  // Built once: a restart runs the same process again (same config, same relay).
  let built: Promise<ProcessCommand> | undefined;
  const once = (port: number) => (built ??= command(port));
  const running = await RunningContender.start({ host: server.host, port: server.imapsPort }, def.sources, once);
  return {
    def,
    site,
    running,
    pause: () => running.pause(),
    resume: async () => running.resume(await once(running.meter.port)),
    cleanup: async () => {
      await running.stop();
      for (const remove of removals) await remove();
    },
  };
}
