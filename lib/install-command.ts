// The commands that install the helper (the native host), shown by the popup when it is missing or too old.
// No imports, so any page can use it cheaply.

/** The helper's package version; a unit test keeps it equal to package.json's (the extension and helper ship together). */
export const HELPER_VERSION = '0.1.0';

/** Installs the helper's package from the release's tarball (once it is published: `npx mailbadge-host install`). */
export const HELPER_PACKAGE_COMMAND = `npm install -g mailbadge-host-${HELPER_VERSION}.tgz`;

/** Registers the installed helper with every browser found on the machine. */
export const HELPER_REGISTER_COMMAND = 'mailbadge-host install';

/** Both, as one line to paste into a terminal. */
export const INSTALL_COMMAND = `${HELPER_PACKAGE_COMMAND} && ${HELPER_REGISTER_COMMAND}`;
