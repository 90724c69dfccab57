// The OAuth2 client IDs this helper was built with: scripts/build-host.mjs replaces each read below with the value
// the build saw (an empty string when unset); `npm run host` (tsx) reads them from its environment instead.

export interface BuildClient {
  clientId: string;
  clientSecret: string;
  /** The build variable that holds the client ID, named when a provider is unavailable. */
  clientIdVariable: string;
}

// Each read is spelled out in full: esbuild's `define` replaces exact expressions, not computed property names.
export const BUILD_CLIENTS = {
  google: {
    clientId: process.env.MAILBADGE_GOOGLE_CLIENT_ID ?? '',
    // Google's "desktop app" clients come with a secret that Google itself says is not secret (RFC 8252 §8.5).
    clientSecret: process.env.MAILBADGE_GOOGLE_CLIENT_SECRET ?? '',
    clientIdVariable: 'MAILBADGE_GOOGLE_CLIENT_ID',
  },
  microsoft: {
    clientId: process.env.MAILBADGE_MICROSOFT_CLIENT_ID ?? '',
    clientSecret: '',
    clientIdVariable: 'MAILBADGE_MICROSOFT_CLIENT_ID',
  },
} satisfies Record<string, BuildClient>;

/** The variables scripts/build-host.mjs bakes in. */
export const BUILD_CLIENT_VARIABLES = ['MAILBADGE_GOOGLE_CLIENT_ID', 'MAILBADGE_GOOGLE_CLIENT_SECRET', 'MAILBADGE_MICROSOFT_CLIENT_ID'] as const;
