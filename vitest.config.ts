import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'lib/**/*.test.ts', 'native-host/**/*.test.ts', 'components/**/*.test.tsx'],
    // Integration and E2E files each start their own Dovecot (and Chromium); two cores, so two files at a time.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
