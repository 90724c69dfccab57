// Test harness: a real OAuth2 authorization server on loopback (oauth2-mock-server with the hooks oauth-notes.md
// found necessary): PKCE, JWT access tokens for the user named in login_hint, rotating refresh tokens it checks,
// revocation, form_post, and an introspection endpoint Dovecot's oauth2 passdb asks about every token.
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Issuer, OAuth2Service, type MutableRedirectUri, type MutableResponse, type MutableToken } from 'oauth2-mock-server';

export interface OAuthServerStats {
  codeGrants: number;
  refreshGrants: number;
  /** Refresh grants refused (unknown, rotated away or revoked refresh token). */
  failedRefreshes: number;
  introspections: number;
}

export interface MockOAuthServer {
  /** http://127.0.0.1:PORT */
  url: string;
  introspectionUrl: string;
  stats: OAuthServerStats;
  /** An entry for the helper's providers.json pointing at this server. */
  provider(name: string, extra?: Record<string, unknown>): Record<string, unknown>;
  /** Lifetime of the access tokens issued from now on. */
  setAccessTokenLifetime(seconds: number): void;
  /** What a user does in their account settings: every refresh and access token issued to `user` stops working. */
  revokeUser(user: string): void;
  /** Every authorization code, access token and refresh token issued so far (for the leak check). */
  issuedSecrets(): string[];
  stop(): Promise<void>;
}

/** One sign-in: every refresh and access token it leads to shares it, so revoking it ends them all. */
interface Grant {
  user: string;
  revoked: boolean;
}

interface RefreshToken {
  grant: Grant;
  /** Rotated away: exchanged once already. */
  used: boolean;
}

export async function startOAuthServer(): Promise<MockOAuthServer> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate('RS256');
  const service = new OAuth2Service(issuer);
  const stats: OAuthServerStats = { codeGrants: 0, refreshGrants: 0, failedRefreshes: 0, introspections: 0 };
  const codeUsers = new Map<string, string>();
  const refreshTokens = new Map<string, RefreshToken>();
  const accessTokens = new Map<string, Grant>();
  const issued: string[] = [];
  let lifetime = 3600;

  // The user arrives at /authorize as login_hint and leaves with the code.
  service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const code = redirect.url.searchParams.get('code');
    if (code) {
      codeUsers.set(code, url.searchParams.get('login_hint') ?? 'nobody');
      issued.push(code);
    }
  });
  // Fires for the access token and the id token of each grant: both name the user and get this server's lifetime.
  service.on('beforeTokenSigning', (token: MutableToken, req: IncomingMessage & { body?: Record<string, string> }) => {
    const body = req.body ?? {};
    const user = body.grant_type === 'refresh_token' ? refreshTokens.get(body.refresh_token ?? '')?.grant.user : codeUsers.get(body.code ?? '');
    token.payload.sub = user ?? 'nobody';
    token.payload.exp = Math.floor(Date.now() / 1000) + lifetime;
  });
  // The stock server accepts any refresh token: this one knows which it issued, rotates them, and refuses revoked ones.
  service.on('beforeResponse', (response: MutableResponse, req: IncomingMessage & { body?: Record<string, string> }) => {
    const body = req.body ?? {};
    let grant: Grant | undefined;
    if (body.grant_type === 'authorization_code') {
      stats.codeGrants++;
      const user = codeUsers.get(body.code ?? '');
      codeUsers.delete(body.code ?? '');
      if (user) grant = { user, revoked: false };
    } else if (body.grant_type === 'refresh_token') {
      stats.refreshGrants++;
      const old = refreshTokens.get(body.refresh_token ?? '');
      if (old && !old.used && !old.grant.revoked) {
        // Rotation, as Microsoft does: the old refresh token dies, so a helper that keeps using it fails.
        old.used = true;
        grant = old.grant;
      }
    }
    if (!grant) {
      if (body.grant_type === 'refresh_token') stats.failedRefreshes++;
      response.statusCode = 400;
      response.body = { error: 'invalid_grant', error_description: 'The grant is unknown, used or revoked.' };
      return;
    }
    const refreshToken = `rt-${randomBytes(24).toString('base64url')}`;
    refreshTokens.set(refreshToken, { grant, used: false });
    const reply = response.body as Record<string, unknown>;
    const accessToken = String(reply.access_token);
    accessTokens.set(accessToken, grant);
    issued.push(refreshToken, accessToken);
    reply.refresh_token = refreshToken;
    reply.expires_in = lifetime;
  });
  // Dovecot asks here about every token: a real signature, expiry and revocation check. Listeners run synchronously
  // (the mock answers right after emitting), so the signature is checked with node:crypto, not an async library.
  const keys = new Map(issuer.keys.toJSON().map((jwk) => [jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' })]));
  service.on('beforeIntrospect', (response: MutableResponse, req: IncomingMessage & { body?: Record<string, string> }) => {
    stats.introspections++;
    const token = req.body?.token ?? '';
    const grant = accessTokens.get(token);
    const payload = grant && !grant.revoked ? verifiedPayload(token, keys, issuer.url ?? '') : undefined;
    response.body = payload ? { active: true, sub: payload.sub, exp: payload.exp, scope: payload.scope } : { active: false };
  });
  service.on('beforeRevoke', (_response: unknown, req: IncomingMessage & { body?: Record<string, string> }) => {
    const entry = refreshTokens.get(req.body?.token ?? '');
    if (entry) entry.grant.revoked = true;
  });

  const server: Server = createServer((req, res) => {
    void route(req, res);
  });
  const route = async (req: IncomingMessage & { body?: Record<string, string>; _body?: boolean }, res: import('node:http').ServerResponse) => {
    const url = new URL(req.url ?? '/', base);
    // The stock introspect and revoke handlers see no form body (oauth-notes.md): parse it for them.
    if (req.method === 'POST' && (url.pathname === '/introspect' || url.pathname === '/revoke')) {
      const chunks: Buffer[] = [];
      for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
      req.body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      req._body = true;
    }
    // form_post (what Microsoft does when asked): the code goes back in a self-submitting form, not in an address.
    if (req.method === 'GET' && url.pathname === '/authorize' && url.searchParams.get('response_mode') === 'form_post') {
      url.searchParams.delete('response_mode');
      const answer = await fetch(new URL(`/authorize?${url.searchParams}`, base), { redirect: 'manual' });
      const target = new URL(answer.headers.get('location') ?? '', base);
      const fields = [...target.searchParams].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
      target.search = '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><body onload="document.forms[0].submit()"><form method="post" action="${escape(target.href)}">${fields}</form></body>`);
      return;
    }
    service.requestHandler(req, res);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The mock says http://localhost:PORT unless told: tokens must name the address everybody uses.
  issuer.url = base;

  return {
    url: base,
    introspectionUrl: `${base}/introspect`,
    stats,
    provider: (name, extra = {}) => ({
      name,
      authorizationUrl: `${base}/authorize`,
      tokenUrl: `${base}/token`,
      revocationUrl: `${base}/revoke`,
      scopes: ['imap', 'offline_access'],
      clientId: 'mailbadge-test',
      imap: { host: '127.0.0.1', port: 993, security: 'tls' },
      ...extra,
    }),
    setAccessTokenLifetime: (seconds) => {
      lifetime = seconds;
    },
    revokeUser: (user) => {
      for (const grant of accessTokens.values()) if (grant.user === user) grant.revoked = true;
      for (const { grant } of refreshTokens.values()) if (grant.user === user) grant.revoked = true;
    },
    issuedSecrets: () => [...issued],
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The claims of an RS256 JWT this issuer signed and that has not expired; undefined otherwise. */
function verifiedPayload(token: string, keys: Map<string | undefined, KeyObject>, issuer: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  try {
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid?: string };
    const key = keys.get(kid);
    if (!key || !verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return undefined;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    return claims.iss === issuer && typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : undefined;
  } catch {
    return undefined;
  }
}
