// The host's version, reported to the extension so it can ask the user to reinstall a stale host.
export const HOST_VERSION = '0.1.0';
