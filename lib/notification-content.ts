// What a desktop notification says: title, lines and buttons, single or as a summary list. Whether to show one, and
// which messages it refers to, is decided in lib/notify-decisions.ts.
import type { Translate } from './i18n';
import { isInbox } from './inbox';
import type { NotificationPlan } from './notify-decisions';
import type { Preview } from './protocol';

/** Lines of a summary notification (Chrome shows few more anyway). */
export const MAX_LIST_ITEMS = 5;
/** What a notification button can do; the settings pick two (Chrome shows no more). */
export const NOTIFICATION_ACTIONS = ['markRead', 'archive', 'delete', 'spam', 'star', 'open'] as const;
export type NotificationAction = (typeof NOTIFICATION_ACTIONS)[number];
/** The buttons of notifications shown before the buttons could be chosen; onButtonClicked reports the index. */
export const NOTIFICATION_BUTTONS: readonly NotificationAction[] = ['markRead', 'open'];
/** i18n key of each button's label. */
export const ACTION_LABEL_KEYS: Record<NotificationAction, string> = {
  markRead: 'notifyMarkRead',
  archive: 'notifyArchive',
  delete: 'notifyDelete',
  spam: 'notifySpam',
  star: 'notifyStar',
  open: 'notifyOpen',
};

/** Chrome's notification options (a subset the extension uses), without the id. */
export interface NotificationContent {
  type: 'basic' | 'list';
  iconUrl: string;
  title: string;
  message: string;
  contextMessage?: string;
  items?: { title: string; message: string }[];
  buttons: { title: string }[];
  silent: boolean;
}

export const NOTIFICATION_ICON = 'icon/128.png';

export function notificationContent(plan: NotificationPlan, t: Translate, sound: boolean, buttons: readonly NotificationAction[] = NOTIFICATION_BUTTONS): NotificationContent {
  const common = {
    iconUrl: NOTIFICATION_ICON,
    buttons: buttons.map((action) => ({ title: t(ACTION_LABEL_KEYS[action]) })),
    // Chrome plays the system's sound unless silent; a sound of our own is out of scope.
    silent: !sound,
  };
  if (plan.kind === 'single') {
    const { preview, folder } = plan.message;
    return {
      ...common,
      type: 'basic',
      title: sender(preview, t),
      message: [subject(preview, t), preview.snippet].filter(Boolean).join('\n'),
      contextMessage: isInbox(folder) ? plan.account : t('notifyAccountFolder', [plan.account, folder]),
    };
  }
  const shown = plan.messages.slice(0, MAX_LIST_ITEMS);
  const more = plan.messages.length - shown.length;
  return {
    ...common,
    type: 'list',
    title: t('notifyGroupTitle', [String(plan.messages.length), plan.account]),
    // Shown where a platform cannot show list items.
    message: shown.map((m) => `${sender(m.preview, t)}: ${subject(m.preview, t)}`).join('\n'),
    items: shown.map((m) => ({ title: sender(m.preview, t), message: subject(m.preview, t) })),
    ...(more > 0 ? { contextMessage: t('notifyGroupMore', [String(more)]) } : {}),
  };
}

function sender(preview: Preview, t: Translate): string {
  return preview.from || preview.fromAddress || t('notifyUnknownSender');
}

function subject(preview: Preview, t: Translate): string {
  return preview.subject || t('notifyNoSubject');
}
