// hello: tells the extension which host and protocol version it talks to.
import { PROTOCOL_VERSION } from '../../lib/protocol';
import { defineHandler } from './handler';

export default defineHandler({
  type: 'hello',
  async handle(request, { hostVersion }) {
    return { type: 'hello', id: request.id, hostVersion, protocolVersion: PROTOCOL_VERSION };
  },
});
