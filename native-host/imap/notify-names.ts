// Maps the folders a NOTIFY subscription watches to the names that go on the wire, and names from the wire back to them.
import type { ImapFlow } from 'imapflow';
import { decodeFolder, encodeFolder, normalizeFolder, wireKey } from './imapflow';

export class NotifyFolderNames {
  private readonly byWire = new Map<string, string>();
  private readonly byImapflowName = new Map<string, string>();
  private readonly forms: { wire: string; raw: string }[] = [];

  constructor(
    private readonly client: ImapFlow,
    folders: readonly string[],
  ) {
    for (const folder of folders) {
      // The same normalisation imapflow's status() applies (namespace prefix, INBOX), so both agree.
      const raw = normalizeFolder(client, folder);
      // Modified UTF-7 (RFC 3501 §5.1.3) unless UTF8=ACCEPT is enabled, then identical to raw.
      const wire = encodeFolder(client, raw);
      this.forms.push({ wire, raw });
      this.byWire.set(wireKey(wire), folder);
      this.byWire.set(wireKey(raw), folder);
      this.byImapflowName.set(raw, folder);
    }
  }

  /** Whether some folder's raw UTF-8 name differs from its RFC form (Dovecot before 2.4.3 wants the raw one). */
  get hasRawForms(): boolean {
    return this.forms.some(({ wire, raw }) => wire !== raw);
  }

  /** The RFC form of every name, plus the raw UTF-8 form Dovecot expects where it differs. */
  wireForms(withRaw: boolean): string[] {
    return this.forms.flatMap(({ wire, raw }) => (withRaw && raw !== wire ? [wire, raw] : [wire]));
  }

  /** The watched folder a name on the wire stands for, in either form; undefined for a folder not watched. */
  resolve(wireName: string | undefined): string | undefined {
    if (wireName === undefined) return undefined;
    const exact = this.byWire.get(wireKey(wireName));
    if (exact !== undefined) return exact;
    // Modified UTF-7 is 7-bit; an 8-bit name is already UTF-8 and decoding it would garble an "&".
    return /^[\x00-\x7f]*$/.test(wireName) ? this.byWire.get(wireKey(decodeFolder(this.client, wireName))) : undefined;
  }

  /** The watched folder behind the name imapflow uses in its events (mailbox.path, event.path). */
  fromImapflowName(name: string): string | undefined {
    return this.byImapflowName.get(name);
  }
}
