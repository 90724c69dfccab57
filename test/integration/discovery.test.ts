// Server settings from an address, against a local DNS server (SRV, MX, A) and a local HTTPS autoconfig server:
// each source wins when the earlier ones are absent, and hostile autoconfig files are refused with a reason.
import { createSocket, type Socket } from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover, type DiscoveryOptions } from '../../native-host/discovery/discover';
import { loadProviders } from '../../native-host/oauth/providers';
import { autoconfigXml, startAutoconfigServer, type AutoconfigServer } from '../support/autoconfig-server';
import { startDnsServer, type LocalDnsServer } from '../support/dns-server';
import { hostEnvironment, makeConfigDir, runHostWithEnvironment } from '../support/host';

const AUTOCONFIG_DOMAINS = ['auto.test', 'wellknown.test', 'entity.test', 'huge.test', 'types.test', 'plain.test', 'o365.test'];
const PATH = '/mail/config-v1.1.xml';
const WELL_KNOWN = '/.well-known/autoconfig/mail/config-v1.1.xml';

let dns: LocalDnsServer;
let web: AutoconfigServer;
let env: Awaited<ReturnType<typeof makeConfigDir>>;
let options: DiscoveryOptions;

beforeAll(async () => {
  dns = await startDnsServer();
  web = await startAutoconfigServer(AUTOCONFIG_DOMAINS.flatMap((d) => [d, `autoconfig.${d}`]));
  env = await makeConfigDir();
  for (const domain of AUTOCONFIG_DOMAINS) {
    dns.zone.a.set(domain, '127.0.0.1');
    dns.zone.a.set(`autoconfig.${domain}`, '127.0.0.1');
  }
  const { zone } = dns;
  // auto.test has every source; autoconfig.<domain> must win.
  web.files.set(`autoconfig.auto.test${PATH}`, autoconfigXml('imap.%EMAILDOMAIN%', 993, 'SSL'));
  zone.srv.set('_imaps._tcp.auto.test', [{ target: 'srv.auto.test', port: 993 }]);
  zone.mx.set('auto.test', ['aspmx.l.google.com']);
  // wellknown.test: only the domain's /.well-known file, and SRV behind it.
  web.files.set(`wellknown.test${WELL_KNOWN}`, autoconfigXml('mail.wellknown.test', 143, 'STARTTLS'));
  zone.srv.set('_imaps._tcp.wellknown.test', [{ target: 'srv.wellknown.test', port: 993 }]);
  // srv.test: SRV (two targets: the better priority wins) and an MX that would say Google.
  zone.srv.set('_imaps._tcp.srv.test', [{ target: 'backup.srv.test', port: 9993, priority: 20 }, { target: 'mail.srv.test', port: 993, priority: 5 }]);
  zone.mx.set('srv.test', ['aspmx.l.google.com']);
  // srvplain.test: only _imap._tcp, so STARTTLS, required.
  zone.srv.set('_imap._tcp.srvplain.test', [{ target: 'mail.srvplain.test', port: 143 }]);
  // "." says the service is not offered: that SRV does not count.
  zone.srv.set('_imaps._tcp.dot.test', [{ target: '.', port: 0 }]);
  // hosted.test: a custom domain whose mail Google hosts.
  zone.mx.set('hosted.test', ['ASPMX.L.GOOGLE.COM.', 'alt1.aspmx.l.google.com']);
  zone.mx.set('hosted365.test', ['hosted365-test.mail.protection.outlook.com']);
  // Hostile or unusable autoconfig files, each with an SRV record behind it.
  const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><clientConfig version="1.1"><emailProvider id="x"><incomingServer type="imap"><hostname>&lol2;</hostname><port>993</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`;
  web.files.set(`autoconfig.entity.test${PATH}`, laughs);
  web.files.set(`autoconfig.huge.test${PATH}`, autoconfigXml('imap.huge.test', 993, 'SSL', `<!-- ${'x'.repeat(100 * 1024)} -->`));
  web.files.set(`autoconfig.types.test${PATH}`, autoconfigXml('imap.types.test', 'nine-nine-three' as unknown as number, 'SSL'));
  web.files.set(`autoconfig.plain.test${PATH}`, autoconfigXml('imap.plain.test', 143, 'plain'));
  for (const domain of ['entity.test', 'huge.test', 'types.test']) zone.srv.set(`_imaps._tcp.${domain}`, [{ target: `srv.${domain}`, port: 993 }]);
  // o365.test's own file names Microsoft's server: that still signs in with Microsoft.
  web.files.set(`autoconfig.o365.test${PATH}`, autoconfigXml('outlook.office365.com', 993, 'SSL'));
  options = { providers: await loadProviders(env.configDir), dnsServers: [dns.address], httpsPort: web.port, ca: [web.certPem] };
});

afterAll(async () => {
  await dns?.stop();
  await web?.stop();
  await env?.remove();
});

const settingsOf = async (address: string) => {
  const { host, port, security, source, oauth, rejected } = await discover(address, options);
  return { host, port, security, source, oauth: oauth?.name ?? null, rejected };
};

describe('discover', () => {
  it('answers from the provider table without asking DNS', async () => {
    const asked = dns.questions.length;
    expect(await settingsOf('someone@gmail.com')).toMatchObject({ host: 'imap.gmail.com', port: 993, security: 'tls', source: 'provider', oauth: 'google' });
    expect(await settingsOf('someone@yahoo.com')).toMatchObject({ host: 'imap.mail.yahoo.com', source: 'provider', oauth: null });
    expect(dns.questions.length).toBe(asked);
  });

  it('takes each source in order when the earlier ones are absent', async () => {
    expect(await settingsOf('a@auto.test')).toEqual({ host: 'imap.auto.test', port: 993, security: 'tls', source: 'autoconfig', oauth: null, rejected: [] });
    expect(await settingsOf('a@wellknown.test')).toMatchObject({ host: 'mail.wellknown.test', port: 143, security: 'starttls', source: 'autoconfig' });
    expect(await settingsOf('a@srv.test')).toMatchObject({ host: 'mail.srv.test', port: 993, security: 'tls', source: 'srv', oauth: null });
    expect(await settingsOf('a@srvplain.test')).toMatchObject({ host: 'mail.srvplain.test', port: 143, security: 'starttls', source: 'srv' });
    expect(await settingsOf('a@hosted.test')).toMatchObject({ host: 'imap.gmail.com', port: 993, source: 'mx', oauth: 'google' });
    expect(await settingsOf('a@hosted365.test')).toMatchObject({ host: 'outlook.office365.com', source: 'mx', oauth: 'microsoft' });
    expect(await settingsOf('a@dot.test')).toMatchObject({ host: 'imap.dot.test', port: 993, security: 'tls', source: 'guess', oauth: null });
    expect(await settingsOf('a@o365.test')).toMatchObject({ host: 'outlook.office365.com', source: 'autoconfig', oauth: 'microsoft' });
    // Only https was ever asked for a configuration.
    expect(web.requests).toContain(`autoconfig.auto.test${PATH}`);
  });

  it('refuses hostile or unusable autoconfig files with a reason, and moves on', async () => {
    const entity = await settingsOf('a@entity.test');
    expect(entity).toMatchObject({ host: 'srv.entity.test', source: 'srv' });
    expect(entity.rejected).toEqual([`https://autoconfig.entity.test${PATH} declares a DOCTYPE or entities, which Mailbadge refuses to read`]);
    const huge = await settingsOf('a@huge.test');
    expect(huge).toMatchObject({ host: 'srv.huge.test', source: 'srv' });
    expect(huge.rejected).toEqual([`https://autoconfig.huge.test${PATH} is larger than 64 KB, which no mail configuration needs`]);
    const types = await settingsOf('a@types.test');
    expect(types).toMatchObject({ host: 'srv.types.test', source: 'srv' });
    expect(types.rejected).toEqual([`https://autoconfig.types.test${PATH}: incomingServer 0: port: must be a port number`]);
    // A server without TLS is never used: no password would be safe there.
    expect(await settingsOf('a@plain.test')).toMatchObject({ host: 'imap.plain.test', port: 993, security: 'tls', source: 'guess' });
  });

  it('answers with the guess within 10 s when no DNS server answers at all', async () => {
    const silent: Socket = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    try {
      const started = Date.now();
      const found = await discover('a@auto.test', { ...options, dnsServers: [`127.0.0.1:${silent.address().port}`] });
      expect(found).toMatchObject({ host: 'imap.auto.test', port: 993, security: 'tls', source: 'guess' });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      silent.close();
    }
  });

  it('is the CLI contract: discover ADDRESS --json, with refused sources named on stderr', async () => {
    const caFile = join(env.configDir, 'autoconfig-ca.pem');
    await writeFile(caFile, web.certPem);
    const environment = {
      ...hostEnvironment(env),
      MAILBADGE_DNS_SERVERS: dns.address,
      MAILBADGE_AUTOCONFIG_HTTPS_PORT: String(web.port),
      NODE_EXTRA_CA_CERTS: caFile,
    };
    const auto = await runHostWithEnvironment(environment, ['discover', 'a@auto.test', '--json']);
    expect(auto.stderr).toBe('');
    expect(JSON.parse(auto.stdout)).toEqual({ host: 'imap.auto.test', port: 993, security: 'tls', source: 'autoconfig', oauth: null });
    const hosted = await runHostWithEnvironment(environment, ['discover', 'a@hosted.test', '--json']);
    expect(JSON.parse(hosted.stdout)).toEqual({ host: 'imap.gmail.com', port: 993, security: 'tls', source: 'mx', oauth: 'google' });
    const entity = await runHostWithEnvironment(environment, ['discover', 'a@entity.test']);
    expect(entity.code).toBe(0);
    expect(entity.stdout).toBe('srv.entity.test:993 (tls), from srv\n');
    expect(entity.stderr).toMatch(/^mailbadge: not used: https:\/\/autoconfig\.entity\.test\/mail\/config-v1\.1\.xml declares a DOCTYPE/);
    const bad = await runHostWithEnvironment(environment, ['discover', 'not-an-address', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/"not-an-address" is not an email address/);
  });
});
