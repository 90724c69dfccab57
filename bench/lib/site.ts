// A site: one throwaway Dovecot, its seeded mailbox, the benchmark's own IMAP clients (a mail dropper and three
// "other clients" that keep folders selected and IDLE), the truth model and the index-log watch. The main site
// offers everything; the others hide capabilities so the host falls back (NOTIFY, LIST-STATUS, IDLE).
import type { ImapFlow } from 'imapflow';
import { startDovecot, type DovecotServer, type DovecotUser } from '../../test/support/dovecot';
import { connectRecording, dovecotTarget } from '../../test/support/recording-client';
import { findMailRoot, watchIndexLogs, type IndexLogWatch } from './index-logs';
import { MailboxModel } from './mailbox-model';
import { wallClock } from './meter';
import { seedFolders, WATCHED_FOLDERS } from './seed';

export type SiteId = 'main' | 'no-notify' | 'no-list-status' | 'no-push';

/** Capabilities each site hides; the host then picks: IDLE + LIST-STATUS poll, IDLE + pipelined STATUS, poll only. */
export const HIDDEN_CAPABILITIES: Record<SiteId, string[]> = {
  main: [],
  'no-notify': ['NOTIFY'],
  'no-list-status': ['NOTIFY', 'LIST-STATUS'],
  'no-push': ['NOTIFY', 'IDLE'],
};

export const USER: DovecotUser = { user: 'alice', password: 'alice-secret' };
export const OTHER_CLIENTS = 3;

export interface Site {
  id: SiteId;
  server: DovecotServer;
  capabilities: string;
  logs: IndexLogWatch;
  model: MailboxModel;
  /** Delivers new mail (APPEND) and forces rotations; never selects a watched folder. */
  dropper: ImapFlow;
  /** Other mail clients (busy phase only): each keeps a folder selected and IDLEs on it between its changes. */
  others: ImapFlow[];
  /** Connects the other clients, each with a folder selected (IDLE then keeps its connection alive). */
  startOthers(): Promise<void>;
  /** Throws the first failure of one of the bench's own connections to this site. */
  check(): void;
  stop(): Promise<void>;
}

/** The bench's own connections stay quiet for minutes (the idle phase): no imapflow inactivity timeout for them. */
const QUIET_CLIENT = { socketTimeout: 2 * 60 * 60_000 };

/** Starts the main site, reads what its server offers, then the others with capabilities hidden, in parallel. */
export async function startSites(ids: readonly SiteId[], extraUsers: DovecotUser[] = []): Promise<Site[]> {
  const main = await startDovecot({ users: [USER, ...extraUsers] });
  const probe = await main.connect(USER.user);
  const offered = [...probe.capabilities.keys()].filter((cap) => cap !== 'IMAP4REV1');
  await probe.logout();
  const servers = await Promise.all(
    ids.map(async (id) => {
      if (id === 'main') return main;
      const shown = ['IMAP4rev1', ...offered.filter((cap) => !HIDDEN_CAPABILITIES[id].includes(cap))].join(' ');
      return await startDovecot({ users: [USER], imapCapability: shown });
    }),
  );
  if (!ids.includes('main')) await main.stop();
  return await Promise.all(ids.map((id, i) => prepareSite(id, servers[i]!)));
}

async function prepareSite(id: SiteId, server: DovecotServer): Promise<Site> {
  await seedFolders(server, USER.user);
  let failure: Error | undefined;
  // A failed connection of ours fails the run (through check()), after the contenders have been stopped.
  const watchErrors = (client: ImapFlow) => client.on('error', (error: Error) => (failure ??= new Error(`site ${id}: ${error.message}`)));
  const dropper = await connectRecording(dovecotTarget(server, USER.user, USER.password), [], QUIET_CLIENT);
  watchErrors(dropper);
  const model = await MailboxModel.read(dropper, WATCHED_FOLDERS, wallClock());
  await dropper.mailboxClose();
  const others: ImapFlow[] = [];
  const logs = watchIndexLogs(findMailRoot(server.rootDir, USER.user));
  const capabilities = [...dropper.capabilities.keys()].join(' ');
  return {
    id,
    server,
    capabilities,
    logs,
    model,
    dropper,
    others,
    startOthers: async () => {
      for (let i = 0; i < OTHER_CLIENTS; i++) {
        // Other clients IDLE soon after each command, like a desktop mail client with a folder open.
        const client = await connectRecording(dovecotTarget(server, USER.user, USER.password), [], { ...QUIET_CLIENT, disableAutoIdle: false, autoIdleDelay: 100 });
        watchErrors(client);
        await client.mailboxOpen(WATCHED_FOLDERS[i]!);
        others.push(client);
      }
    },
    check: () => {
      if (failure) throw failure;
    },
    stop: async () => {
      logs.close();
      for (const client of [dropper, ...others]) await client.logout().catch(() => client.close());
      await server.stop();
    },
  };
}
