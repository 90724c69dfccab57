// The extension's own pure rules (state reducer, notification decisions) fed with frames captured from a host:
// what a user would have been notified of, without a browser.
import { decideNotifications, type NotifySettings } from '../../lib/notify-decisions';
import { HostToExtension } from '../../lib/protocol';
import { applyHostMessage, initialState, type ExtensionState } from '../../lib/state';

const SETTINGS: NotifySettings = { notifications: true, quietHours: { enabled: false, start: '22:00', end: '07:00' }, notifyFolders: {} };

export class ExtensionModel {
  state: ExtensionState = initialState();
  private notified: string[] = [];
  private baselined: string[] = [];
  /** Every message a notification was shown for, as "account/folder/uid", in order (a repeat would show twice). */
  readonly shown: string[] = [];

  constructor(private readonly notifyFolders: NotifySettings['notifyFolders'] = {}) {}

  /** Applies one frame the way the worker does: checked, reduced, then notifications decided. */
  receive(raw: unknown): void {
    const parsed = HostToExtension.safeParse(raw);
    if (!parsed.success) throw new Error(`the extension would reject ${JSON.stringify(raw).slice(0, 200)}`);
    this.state = applyHostMessage(this.state, parsed.data);
    const decision = decideNotifications({ accounts: this.state.accounts, notified: this.notified, baselined: this.baselined, settings: { ...SETTINGS, notifyFolders: this.notifyFolders }, now: new Date() });
    this.notified = decision.notified;
    this.baselined = decision.baselined;
    for (const plan of decision.show) {
      const messages = plan.kind === 'single' ? [plan.message] : plan.messages;
      for (const message of messages) this.shown.push(`${message.account}/${message.folder}/${message.preview.uid}`);
    }
  }
}
