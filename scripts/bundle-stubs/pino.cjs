// Replaces pino in the host bundle. imapflow only uses pino for its default logger, which writes JSON to stdout —
// the native-messaging channel. The host always passes `logger: false`, so this must never run; if it ever does,
// failing loudly beats corrupting the browser's stream. Leaving pino out also saves memory.
module.exports = function pino() {
  throw new Error('imapflow was created without `logger: false`; its default logger would write to stdout');
};
