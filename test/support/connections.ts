// Counts established TCP connections to a local port, read from /proc/net/tcp (the host's IMAP sessions to a test Dovecot).

/** Client-side sockets connected to 127.0.0.1:port (each connection appears once as client, once as server). */
export async function countConnectionsTo(port: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const table = await readFile('/proc/net/tcp', 'utf8');
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return table
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 3 && fields[2]?.endsWith(`:${hexPort}`) && fields[3] === '01').length;
}
