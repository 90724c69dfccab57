// The host's only door to imapflow beyond its public API: raw and pipelined commands, routing of unsolicited responses, wire codecs, the support check.
export { assertImapflowSupported, ImapflowUnsupportedError, SUPPORTED_IMAPFLOW, type CommandArgument } from './internals';
export { compileCommandLine, runRawCommand } from './raw-command';
export { routeUnsolicitedStatus } from './unsolicited';
export {
  atom,
  decodeFolder,
  encodeFolder,
  formatFetchResponse,
  guessSpecialUse,
  nameArgument,
  normalizeFolder,
  readStatusLine,
  sameWireName,
  tokenText,
  wireKey,
  type StatusItems,
} from './wire';
