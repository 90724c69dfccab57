// The native host (launcher flags, its 48 MB heap) watching one account on a scripted hostile server and one on a
// real Dovecot. For every scenario: the host stays up, the Dovecot account keeps updating, every frame passes the
// extension's own schema and is at most 1 MB, and the hostile account shows what happened. Each scenario runs over
// implicit TLS or STARTTLS in turn (both with MAILBADGE_LONG_FUZZ=1).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HostToExtension, MAX_HOST_TO_BROWSER_BYTES, type ErrorCode } from '../../lib/protocol';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { startHostileServer, type HostileServer } from '../support/hostile-imap-server';
import { SCENARIOS, type ScenarioName } from '../support/hostile-scenarios';
import { addDovecotAccount, makeConfigDir, runHost } from '../support/host';
import { recordFigure } from '../support/figures';
import { buildMessage } from '../support/mail';
import { NativeClient } from '../support/native-client';
import { makeCertificate, type TestCertificate } from '../support/test-certificates';

/**
 * What the hostile account must show: its counts and this many INBOX previews (a message whose FETCH response the
 * server garbled is left out, the others stay), a problem on the account, or a problem on one folder.
 */
type Outcome = { previews: number } | { account: ErrorCode } | { folder: ErrorCode };

const EXPECTED: Record<ScenarioName, Outcome> = {
  'literal shorter than declared': { account: 'TIMEOUT' },
  'literal longer than declared': { previews: 2 },
  'endless line': { account: 'SERVER_INVALID_REPLY' },
  'endless literal': { account: 'SERVER_INVALID_REPLY' },
  'stalled mid-response': { account: 'TIMEOUT' },
  'huge subject': { previews: 2 },
  '10k recipients': { previews: 2 },
  'NULs and binary in headers': { previews: 2 },
  'broken MIME': { previews: 2 },
  'unknown charsets': { previews: 2 },
  'out-of-range numbers': { folder: 'SERVER_INVALID_REPLY' },
  '100k folders': { previews: 2 },
  'responses for folders never asked about': { previews: 2 },
};

/**
 * The host's quiet limit in these tests: a stalled scenario must take seconds, not the minute a real server gets.
 * Listing 100,000 folders takes longer than 5 × that on a loaded machine, so that scenario gets more.
 */
const QUIET_MS = 1_500;
const quietFor = (name: ScenarioName) => (name === '100k folders' ? 10_000 : QUIET_MS);
/** Peak RSS the host may reach under any one scenario (it idles around 55 MB). */
const RSS_BOUND = 160 * 1024 * 1024;
const LONG = process.env.MAILBADGE_LONG_FUZZ === '1';

let dovecot: DovecotServer;
let certificate: TestCertificate;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let hostile: HostileServer | undefined;
let client: NativeClient | undefined;

beforeAll(async () => {
  [dovecot, certificate] = await Promise.all([startDovecot(), makeCertificate('self-signed')]);
});
afterAll(async () => {
  await dovecot?.stop();
});
afterEach(async () => {
  client?.kill();
  client = undefined;
  await hostile?.close();
  hostile = undefined;
  await env?.remove();
});

type Message = Record<string, unknown>;
const isHostile = (m: Message) => m.account === 'Hostile';
const problemCode = (m: Message) => (m.status as { problem?: { code?: string } } | undefined)?.problem?.code;
const folderProblem = (m: Message) => (m.folders as { folder: string; problem?: { code: string } }[] | undefined)?.find((f) => f.problem)?.problem?.code;

const cases = (Object.keys(SCENARIOS) as ScenarioName[]).flatMap((name, index) =>
  LONG ? [[name, 'tls'], [name, 'starttls']] as const : [[name, index % 2 ? 'starttls' : 'tls'] as const],
);

describe('a hostile IMAP server', () => {
  it.each(cases)('%s (%s): the host stays up, the other account updates, every frame is valid', async (name, security) => {
    hostile = await startHostileServer({ scenario: SCENARIOS[name], security, certificates: [certificate] });
    env = await makeConfigDir();
    await addDovecotAccount(env, dovecot, { name: 'Healthy' });
    const added = await runHost(env, ['accounts', 'add', '--name', 'Hostile', '--host', '127.0.0.1', '--port', String(hostile.port), '--security', security,
      '--user', 'mallory', '--folders', 'INBOX,Other', '--trust-fingerprint', certificate.fingerprint256, '--password-stdin'], 'hostile-secret');
    expect(added.code, added.stderr).toBe(0);
    // The largest folder list (5,000 kept of 100,000) gets half the launcher's heap: its limit leaves twice what it needs.
    const launcherFlags = name === '100k folders' ? 'half-heap' : true;
    client = new NativeClient(env, { launcherFlags, environment: { MAILBADGE_IMAP_TIMEOUT_MS: String(quietFor(name)) } });
    const host = client;
    client.send({ type: 'hello', id: 'h', extensionVersion: '0.1.0' });
    const healthyTotal = async () => ((await host.waitFor((m) => m.type === 'folderCounts' && m.account === 'Healthy')).folders as { total: number }[])[0]!.total;
    const before = await healthyTotal();

    const outcome = EXPECTED[name];
    if ('previews' in outcome) {
      const previews = await host.waitFor((m) => isHostile(m) && m.type === 'previews' && m.folder === 'INBOX', 20_000);
      expect((previews.previews as unknown[]).length).toBe(outcome.previews);
      expect(host.messages.find((m) => isHostile(m as Message) && (m as Message).type === 'folderCounts')).toMatchObject({ folders: [{ folder: 'INBOX', unseen: 2 }, { folder: 'Other' }] });
    } else if ('account' in outcome) {
      const status = await host.waitFor((m) => isHostile(m) && m.type === 'accountStatus' && problemCode(m) !== undefined && problemCode(m) !== 'CONNECT_FAILED', 20_000);
      expect(problemCode(status), JSON.stringify(status)).toBe(outcome.account);
    } else {
      const counts = await host.waitFor((m) => isHostile(m) && m.type === 'folderCounts' && folderProblem(m) !== undefined, 20_000);
      expect(folderProblem(counts)).toBe(outcome.folder);
    }
    if (name === '100k folders') {
      host.send({ type: 'listFolders', id: 'lf', account: 'Hostile' });
      expect(await host.waitFor((m) => m.id === 'lf', 20_000)).toMatchObject({ type: 'folders', truncated: { shown: expect.any(Number), total: expect.any(Number) } });
    }

    // The other account keeps updating while this one is under attack.
    const seenBefore = host.messages.length;
    await dovecot.append('alice', 'INBOX', buildMessage({ subject: `During ${name}` }));
    await host.waitFor((m) => m.type === 'folderCounts' && m.account === 'Healthy' && host.messages.indexOf(m) >= seenBefore && (m.folders as { total: number }[])[0]!.total === before + 1, 10_000);
    host.send({ type: 'getState', id: 'state' });
    const state = await host.waitFor<{ accounts: { name: string }[] }>((m) => m.id === 'state', 10_000);
    expect(state.accounts.map((account) => account.name).sort()).toEqual(['Healthy', 'Hostile']);

    for (const message of host.messages) {
      expect(HostToExtension.safeParse(message).success, JSON.stringify(message).slice(0, 300)).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(message))).toBeLessThanOrEqual(MAX_HOST_TO_BROWSER_BYTES);
    }
    expect(JSON.stringify(host.messages)).not.toContain('hostile-secret');
    const peak = host.peakRss();
    recordFigure('hostile', `peak RSS, ${name} (${security}) (MiB)`, Math.round((peak ?? 0) / 2 ** 20));
    expect(peak, 'the host exited').toBeDefined();
    expect(peak).toBeLessThan(RSS_BOUND);
  });
});
