// Replaces socks in the host bundle: imapflow needs it only for its `proxy` option, which Mailbadge never sets.
module.exports = {
  SocksClient: {
    createConnection() {
      throw new Error('Mailbadge does not connect through proxies');
    },
  },
};
