// Where the built artifacts live; the global setup builds them before any test runs.
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const EXTENSION_DIR = resolve(REPO_ROOT, '.output', 'chrome-mv3');
export const HOST_BUNDLE = resolve(REPO_ROOT, '.output', 'native-host', 'mailbadge-host.mjs');
export const ARTIFACTS_DIR = resolve(REPO_ROOT, 'test', 'artifacts');
export const FIREFOX_EXTENSION_DIR = resolve(REPO_ROOT, '.output', 'firefox-mv3');
/** `npm run package` output: the store zips and the helper's npm tarball. */
export const RELEASE_DIR = resolve(REPO_ROOT, '.output', 'release');
