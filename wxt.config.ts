import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { EXTENSION_PUBLIC_KEY, GECKO_ID, GECKO_MIN_VERSION } from './lib/extension-identity';

// See https://wxt.dev/api/config.html
export default defineConfig({
  // MV3 for Firefox too: everything we use (action, storage.session, nativeMessaging, alarms) is there since 115.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // downloads: "save as .eml" hands the message to the browser's downloads.
    permissions: ['nativeMessaging', 'storage', 'alarms', 'notifications', 'downloads'],
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          // The native host's manifest names this ID in allowed_extensions; without it Firefox invents one per install.
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: GECKO_MIN_VERSION,
              // Firefox asks every new add-on to declare what it collects: nothing leaves the user's machine.
              data_collection_permissions: { required: ['none'] },
            },
            // Android has no native messaging, so Mailbadge cannot work there; this only states the key's own minimum.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : // A fixed key gives a fixed extension ID, which the native host's manifest must name in allowed_origins.
        { key: EXTENSION_PUBLIC_KEY }),
  }),
  zip: {
    artifactTemplate: 'release/mailbadge-{{version}}-{{browser}}.zip',
    sourcesTemplate: 'release/mailbadge-{{version}}-sources.zip',
    // The store reviewer rebuilds from these with `npm ci && npm run package`; test artifacts and demo data are not sources.
    excludeSources: ['test/artifacts/**', 'bench/results.json', '.mailbadge-demo/**'],
  },
  vite: () => ({
    plugins: [preact()],
  }),
});
