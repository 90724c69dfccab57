// `discover ADDRESS [--json]`: the IMAP settings for an email address and where they came from, as the options page gets them.
import { discover, discoveryOverrides } from '../discovery/discover';
import { loadProviders } from '../oauth/providers';
import { parseCommandArgs, required } from './args';

const USAGE = 'discover ADDRESS [--json]';

export async function discoverCommand(args: string[], configDir: string, out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, USAGE);
  const address = required(positionals[0], 'ADDRESS', USAGE);
  const found = await discover(address, { providers: await loadProviders(configDir), ...discoveryOverrides() });
  for (const reason of found.rejected) process.stderr.write(`mailbadge: not used: ${reason}\n`);
  const { host, port, security, source } = found;
  const oauth = found.oauth?.name ?? null;
  if (values.json) return out(JSON.stringify({ host, port, security, source, oauth }));
  out(`${host}:${port} (${security}), from ${source}${found.oauth ? `; sign in with ${found.oauth.label} (--oauth ${found.oauth.name})` : ''}`);
}
