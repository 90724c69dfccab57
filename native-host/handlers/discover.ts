// discover: server settings for an email address (provider table, autoconfig, SRV, MX, guess), and whether the
// address can sign in with an OAuth2 provider this helper knows.
import type { SignInOption } from '../../lib/protocol';
import type { OAuthProvider } from '../oauth/providers';
import { loadProviders } from '../oauth/providers';
import { defineHandler } from './handler';

export default defineHandler({
  type: 'discover',
  async handle(request, { configDir }) {
    // Discovery (DNS, HTTPS, an XML parser) runs when the options page adds an account: loaded then, not at start.
    const { discover, discoveryOverrides } = await import('../discovery/discover');
    const found = await discover(request.address, { providers: await loadProviders(configDir), ...discoveryOverrides() });
    const { host, port, security, source, oauth } = found;
    return { type: 'discovered', id: request.id, host, port, security, source, ...(oauth ? { oauth: signInOption(oauth) } : {}) };
  },
});

export function signInOption(provider: OAuthProvider): SignInOption {
  return {
    provider: provider.name,
    label: provider.label,
    available: provider.clientId !== '',
    ...(provider.clientId === '' && provider.clientIdVariable ? { clientIdVariable: provider.clientIdVariable } : {}),
  };
}
