// The command that installs the native host; shown by the popup when the host is missing. No imports, so any page can use it cheaply.
export const INSTALL_COMMAND = 'npm run -s host -- install --browser chromium';
