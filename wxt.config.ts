import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { EXTENSION_PUBLIC_KEY } from './lib/extension-identity';

// See https://wxt.dev/api/config.html
export default defineConfig({
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // A fixed key gives a fixed extension ID, which the native host's manifest must name in allowed_origins.
    key: EXTENSION_PUBLIC_KEY,
    permissions: ['nativeMessaging', 'storage', 'alarms', 'notifications'],
    action: { default_title: '__MSG_extName__' },
  },
  vite: () => ({
    plugins: [preact()],
  }),
});
