// Asks the helper for an address's server settings (provider table, autoconfig, DNS) once the user stops typing.
import { useEffect, useState } from 'preact/hooks';
import { emailDomain } from '../../lib/providers';
import type { DiscoverySource, SignInOption } from '../../lib/protocol';
import { askHost } from '../host-requests';

export interface Discovery {
  address: string;
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  source: DiscoverySource;
  oauth?: SignInOption;
}

const SETTLE_MS = 400;

/** The helper's answer for `address`, or undefined while none has come (or for something that is not an address). */
export function useDiscovery(address: string): Discovery | undefined {
  const [found, setFound] = useState<Discovery>();
  useEffect(() => {
    const wanted = address.trim();
    if (!emailDomain(wanted)) return;
    let current = true;
    const timer = setTimeout(() => {
      void askHost({ type: 'discover', address: wanted }).then((reply) => {
        if (!current || reply.type !== 'discovered') return;
        const { host, port, security, source, oauth } = reply;
        setFound({ address: wanted, host, port, security, source, ...(oauth ? { oauth } : {}) });
      });
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [address]);
  return found?.address === address.trim() ? found : undefined;
}
