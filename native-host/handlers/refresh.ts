// refresh: re-count one account (or all) now, and retry an account that was waiting for the user.
import { HostError } from '../errors';
import { defineHandler } from './handler';

export default defineHandler({
  type: 'refresh',
  async handle(request, { sessions }) {
    if (!sessions.refresh(request.account)) {
      throw new HostError('ACCOUNT_NOT_FOUND', `There is no account named "${request.account}". Reload the extension's account list.`);
    }
    return { type: 'ok', id: request.id };
  },
});
