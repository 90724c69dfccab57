// What every contender script shares: its settings from the environment (never the command line, which would show
// the password), an imapflow connection to the test server, and one JSON counts line on stdout per change.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { z } from 'zod';

export const ContenderSettings = z.object({
  host: z.string(),
  port: z.number().int().positive(),
  /** PEM of the test server's self-signed certificate. */
  ca: z.string(),
  user: z.string(),
  password: z.string(),
  folders: z.array(z.string()).min(1),
  /** Poll or sweep interval, for the contenders that poll. */
  intervalMs: z.number().int().positive().optional(),
  /** Contender-specific switch, e.g. the naive client's FETCH variant. */
  variant: z.string().optional(),
});
export type ContenderSettings = z.infer<typeof ContenderSettings>;

export const SETTINGS_VARIABLE = 'BENCH_CONTENDER';

export function readSettings(): ContenderSettings {
  return ContenderSettings.parse(JSON.parse(process.env[SETTINGS_VARIABLE] ?? '{}'));
}

/** Prints `{"type":"counts","folder","unseen","total"}` when a folder's counts differ from what was last printed. */
export class CountsOut {
  private readonly last = new Map<string, string>();

  emit(folder: string, unseen: number, total: number): void {
    const key = `${unseen}/${total}`;
    if (this.last.get(folder) === key) return;
    this.last.set(folder, key);
    process.stdout.write(`${JSON.stringify({ type: 'counts', folder, unseen, total })}\n`);
  }
}

export async function connectImap(settings: ContenderSettings, options: Partial<ImapFlowOptions> = {}): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: true,
    auth: { user: settings.user, pass: settings.password },
    // servername makes Node check the certificate against "localhost" although we dial an IP.
    tls: { ca: [settings.ca], servername: 'localhost' },
    logger: false,
    ...options,
  });
  // A contender that loses its connection is a failed run: say so on stderr and exit, the bench notices.
  client.on('error', (error: Error) => fail(error));
  await client.connect();
  return client;
}

export function fail(error: unknown): never {
  process.stderr.write(`contender failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

/** Runs `work` once now and then every `intervalMs` (from the start of one run to the next), never two at once. */
export function every(intervalMs: number, work: () => Promise<void>): void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    work().then(() => (running = false), fail);
  };
  tick();
  setInterval(tick, intervalMs);
}
