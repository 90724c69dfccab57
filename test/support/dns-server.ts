// Test harness: a local DNS server (dns2, UDP on 127.0.0.1) answering A, SRV and MX questions from a table the test
// fills; every other name gets NXDOMAIN at once.
import dns2 from 'dns2';

const { Packet } = dns2;

export interface SrvRecord {
  target: string;
  port: number;
  priority?: number;
  weight?: number;
}

export interface DnsZone {
  a: Map<string, string>;
  srv: Map<string, SrvRecord[]>;
  mx: Map<string, string[]>;
}

export interface LocalDnsServer {
  /** "127.0.0.1:PORT", for MAILBADGE_DNS_SERVERS or the discovery's dnsServers. */
  address: string;
  zone: DnsZone;
  /** Questions asked so far, as "TYPE name". */
  questions: string[];
  stop(): Promise<void>;
}

export async function startDnsServer(): Promise<LocalDnsServer> {
  const zone: DnsZone = { a: new Map(), srv: new Map(), mx: new Map() };
  const questions: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const name = (question?.name ?? '').toLowerCase();
      const base = { name: question?.name ?? '', class: Packet.CLASS.IN, ttl: 60 };
      // dns2 encodes plain records (its README's way); its types ask for a method it adds itself.
      const answer = (record: object) => response.answers.push(record as (typeof response.answers)[number]);
      questions.push(`${question?.type === Packet.TYPE.SRV ? 'SRV' : question?.type === Packet.TYPE.MX ? 'MX' : question?.type === Packet.TYPE.A ? 'A' : String(question?.type)} ${name}`);
      if (question?.type === Packet.TYPE.A && zone.a.has(name)) {
        answer({ ...base, type: Packet.TYPE.A, address: zone.a.get(name)! });
      } else if (question?.type === Packet.TYPE.SRV && zone.srv.has(name)) {
        for (const r of zone.srv.get(name)!) {
          answer({ ...base, type: Packet.TYPE.SRV, priority: r.priority ?? 10, weight: r.weight ?? 1, port: r.port, target: r.target });
        }
      } else if (question?.type === Packet.TYPE.MX && zone.mx.has(name)) {
        zone.mx.get(name)!.forEach((exchange, i) => answer({ ...base, type: Packet.TYPE.MX, priority: 10 * (i + 1), exchange }));
      } else if (![zone.a, zone.srv, zone.mx].some((table) => table.has(name))) {
        response.header.rcode = 3; // NXDOMAIN
      }
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return {
    address: `127.0.0.1:${addresses.udp!.port}`,
    zone,
    questions,
    stop: () => server.close(),
  };
}
