// getState: every account with its connection state and latest counts, for a worker that (re)connects.
import { defineHandler } from './handler';

export default defineHandler({
  type: 'getState',
  async handle(request, { sessions }) {
    return { type: 'state', id: request.id, accounts: sessions.views() };
  },
});
