// getState: every account with its connection state and latest counts, for a worker that (re)connects.
import { AccountView } from '../../lib/protocol';
import { defineHandler } from './handler';

export default defineHandler({
  type: 'getState',
  async handle(request, { sessions }) {
    return { type: 'state', id: request.id, accounts: sessions.views().map(checkedView) };
  },
});

/**
 * An account as the extension's schema accepts it. One account whose live state holds something the schema refuses
 * must not blank the others: it is sent with its settings, no counts, and a problem that says so.
 */
function checkedView(view: AccountView): AccountView {
  const checked = AccountView.safeParse(view);
  if (checked.success) return view;
  const where = checked.error.issues[0]?.path.join('.') || '?';
  process.stderr.write(`mailbadge: ${view.name}: its state was not valid for the extension (at ${where}); sent without counts\n`);
  const { status: _status, counts: _counts, countsAt: _countsAt, previews: _previews, ...settings } = view;
  return {
    ...settings,
    status: {
      state: 'error',
      at: new Date().toISOString(),
      problem: { code: 'INTERNAL', message: `The helper could not pass on this account's counts (invalid at ${where.slice(0, 100)}); they are left out. See the helper's log.` },
    },
    counts: [],
    previews: [],
  };
}
