// The command that installs the native host, as a lib-free constant: lib/host-port.ts would pull zod into the popup.
// test/unit/popup-constants.test.tsx keeps it equal to INSTALL_COMMAND in lib/host-port.ts.
export const INSTALL_COMMAND = 'npm run -s host -- install --browser chromium';
