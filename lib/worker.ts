// The background worker's wiring: host port → state → storage and badge; page requests → host.
import { browser } from 'wxt/browser';
import { badgeFor, type BadgeSettings } from './badge';
import { onStateChange, openAccount, registerNotificationHandlers } from './notifications';
import { HostPort } from './host-port';
import { t } from './i18n';
import { MessageSaver } from './message-saver';
import { optimisticChange } from './optimistic';
import { RemovedPreviews, renumber } from './optimistic-mail';
import { parseMessage, type HostToExtension, type SignInFinishedEvent } from './protocol';
import { PageToWorker, type HostRequest } from './runtime-messages';
import { loadSettings } from './settings';
import { applyHostMessage, hostConnecting, hostLost, initialState, type ExtensionState } from './state';
import { extensionState, settings } from './storage';

/** Wakes a stopped worker so a host that died while nobody looked is restarted. */
const RECONNECT_ALARM = 'mailbadge-reconnect';

/** Listeners are registered synchronously: MV3 only delivers wake-up events to listeners added in the first turn. */
export function startWorker(): void {
  let state: ExtensionState = initialState();
  // Updates are applied in arrival order, after the saved state is restored; each one persists and repaints the badge.
  let queue: Promise<void> = extensionState.getValue().then((saved) => {
    state = saved;
  });
  const update = (change: (state: ExtensionState) => ExtensionState) => {
    queue = queue.then(async () => {
      const before = state;
      state = change(state);
      await extensionState.setValue(state);
      await paintBadge(state, await loadSettings());
      await onStateChange(before, state);
    });
    return queue;
  };

  /** Accounts being saved from a page: their first events come before the save's ok, after which the state is fetched anyway. */
  const saving = new Set<string>();
  /** The tab of each sign-in in progress, closed when the host reports its end. */
  const signInTabs = new Map<string, number>();
  /** Messages archived, deleted or marked spam a moment ago, for an undo to put back in the list at once. */
  const removed = new RemovedPreviews();
  const port = new HostPort(
    {
      connected: () => {
        void update(hostConnecting);
        void port.request({ type: 'getState' });
      },
      message: (message) => {
        if (message.type === 'signInFinished') return void finishSignIn(message);
        if (saver.take(message)) return;
        // An event for an account we do not know (added from the CLI or another window): fetch the full picture.
        if ('account' in message && !saving.has(message.account) && !state.accounts.some((a) => a.name === message.account)) {
          void port.request({ type: 'getState' });
        }
        void update((s) => applyHostMessage(s, message));
      },
      lost: (kind, problem) => void update((s) => hostLost(s, kind, problem)),
    },
    browser.runtime.getManifest().version,
  );
  const saver = new MessageSaver(port);

  /** Forwards a page's request to the host; read/unread changes show at once and are undone if refused. */
  const forward = async (request: HostRequest): Promise<HostToExtension> => {
    if (!port.isConnected) port.connect();
    const optimistic = optimisticChange(state, request) !== undefined;
    if (optimistic) await update((s) => optimisticChange(s, request, removed) ?? s);
    const saved = request.type === 'saveAccount' ? request.settings.name : undefined;
    if (saved) saving.add(saved);
    const reply = await port.request(request);
    if (saved) saving.delete(saved);
    // The extension's whole part in a sign-in: open the host's address in a tab (the code goes from there to the host).
    if (request.type === 'startSignIn' && reply.type === 'signInStarted') {
      const tab = await browser.tabs.create({ url: reply.url });
      if (tab.id !== undefined) signInTabs.set(reply.signIn, tab.id);
    }
    // Undo a refused prediction, or take in an added, changed or removed account, by asking the host what is true now.
    const changedAccounts = request.type === 'saveAccount' || request.type === 'removeAccount';
    if ((reply.type === 'error' && optimistic) || (reply.type === 'ok' && changedAccounts)) await port.request({ type: 'getState' });
    // Messages back from an undo have new UIDs: the previews put back take them, so acting on them again works.
    if (request.type === 'undoMove' && reply.type === 'moved') await update((s) => renumber(s, reply.account, reply.folder, reply.moved));
    return reply;
  };

  /** Closes the sign-in's tab and tells the pages (the options page waits for it); no token is in this event. */
  const finishSignIn = async (event: SignInFinishedEvent) => {
    const tab = signInTabs.get(event.signIn);
    signInTabs.delete(event.signIn);
    if (tab !== undefined) await browser.tabs.remove(tab).catch(() => undefined);
    await browser.runtime.sendMessage(event).catch(() => undefined);
  };

  browser.runtime.onMessage.addListener((raw: unknown) => {
    const parsed = parseMessage(PageToWorker, raw, 'A message from an extension page');
    if (!parsed.ok) return Promise.resolve({ type: 'error', problem: parsed.problem });
    const message = parsed.value;
    if (message.type === 'refresh') return forward({ type: 'refresh', ...(message.account ? { account: message.account } : {}) });
    if (message.type === 'saveMessage') {
      if (!port.isConnected) port.connect();
      return saver.save(message);
    }
    return forward(message.request);
  });

  registerNotificationHandlers({
    markRead: async (account, folder, uidValidity, uids) => void (await forward({ type: 'markRead', account, folder, uidValidity, uids })),
    move: async (account, folder, uidValidity, uids, action) => void (await forward({ type: 'moveMessages', account, folder, uidValidity, uids, action })),
    star: async (account, folder, uidValidity, uids) => void (await forward({ type: 'setFlagged', account, folder, uidValidity, uids, flagged: true })),
    open: openAccount,
  });
  // A change of what the badge counts repaints it at once.
  settings.watch(() => void update((s) => s));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RECONNECT_ALARM && !port.isConnected) port.connect();
  });
  void browser.alarms.create(RECONNECT_ALARM, { periodInMinutes: 1 });

  void update((restored) => restored);
  port.connect();
}

async function paintBadge(state: ExtensionState, prefs: BadgeSettings): Promise<void> {
  const badge = badgeFor(state, t, prefs);
  await Promise.all([
    browser.action.setBadgeText({ text: badge.text }),
    browser.action.setBadgeBackgroundColor({ color: badge.color }),
    browser.action.setTitle({ title: badge.title }),
  ]);
}
