// Add or edit one account: settings found from the email, password or "Sign in with …", "Test connection",
// certificate pinning, folders, save.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountSettings } from '../../lib/account';
import { t } from '../../lib/i18n';
import type { AccountView, Problem } from '../../lib/protocol';
import {
  emptyValues,
  secretFor,
  toAccountSettings,
  valuesFromAccount,
  withDiscovery,
  withEmail,
  type FieldErrors,
  type FieldName,
  type FormValues,
  type Touched,
} from './account-form-model';
import { AccountFolders, type FolderList } from './AccountFolders';
import { ConnectionResult, type ConnectionStatus } from './ConnectionResult';
import { Field } from './Field';
import { defaultWatched } from './folder-tree';
import { askHost, unexpectedReply, type HostReply } from '../host-requests';
import { PasswordField } from './PasswordField';
import { ProblemMessage } from './ProblemMessage';
import { ServerFields } from './ServerFields';
import { signInThroughHost } from './sign-in';
import { SignInField } from './SignInField';
import { useDiscovery } from './useDiscovery';

interface Props {
  /** The account being edited; absent when adding one. */
  editing?: AccountView | undefined;
  onDone(): void;
  onCancel(): void;
}

const FIELD_ORDER: FieldName[] = ['email', 'password', 'signIn', 'name', 'user', 'host', 'port', 'webmailUrl', 'folders'];
const FIELD_IDS: Partial<Record<FieldName, string>> = { folders: 'folder-picker-start', signIn: 'account-signin' };

export function AccountForm({ editing, onDone, onCancel }: Props) {
  const [values, setValues] = useState<FormValues>(() => (editing ? valuesFromAccount(editing) : emptyValues()));
  const [touched, setTouched] = useState<Touched>(() => ({ name: !!editing, user: !!editing, server: !!editing, webmailUrl: !!editing }));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<ConnectionStatus>({ kind: 'idle' });
  const [saveProblem, setSaveProblem] = useState<Problem>();
  const [folderList, setFolderList] = useState<FolderList>();
  const heading = useRef<HTMLHeadingElement>(null);
  const busy = status.kind === 'busy';
  const discovery = useDiscovery(values.email);
  /** The user picked a password although the provider offers sign-in. */
  const [passwordChosen, setPasswordChosen] = useState(false);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (discovery) setValues((v) => withDiscovery(v, discovery, { server: touched.server, signInMethod: !!editing, passwordChosen }));
  }, [discovery, passwordChosen]);

  const set = (change: Partial<FormValues>) => setValues((v) => ({ ...v, ...change }));
  const touch = (field: keyof Touched) => setTouched((x) => ({ ...x, [field]: true }));

  /** Validates; on failure shows the errors and moves focus to the first one. */
  const check = (v: FormValues, forTest: boolean): AccountSettings | undefined => {
    const result = toAccountSettings(forTest && v.folders.length === 0 ? { ...v, folders: ['INBOX'] } : v, !editing);
    if (result.ok) {
      setErrors({});
      return result.settings;
    }
    setErrors(result.errors);
    const first = FIELD_ORDER.find((field) => result.errors[field]);
    if (first) setTimeout(() => document.getElementById(FIELD_IDS[first] ?? `account-${first}`)?.focus());
    return undefined;
  };

  /** Without a typed password an existing account is tested with its stored one, found under its stored name. */
  const forHost = (settings: AccountSettings, v: FormValues): AccountSettings =>
    editing && !v.password ? { ...settings, name: editing.name } : settings;

  const showFolders = (reply: HostReply): boolean => {
    if (reply.type === 'folders') {
      // A new account starts with the default choice; an existing one keeps what it watches.
      if (!editing && !folderList) set({ folders: defaultWatched(reply.folders) });
      setFolderList({ folders: reply.folders, truncated: reply.truncated });
      setStatus({ kind: 'connected', folders: reply.folders.length });
      return true;
    }
    setStatus({ kind: 'problem', problem: unexpectedReply(reply) });
    return false;
  };

  const test = async (trustFingerprint?: string, base: FormValues = values) => {
    const v = trustFingerprint ? { ...base, trustFingerprint } : base;
    if (trustFingerprint) setValues(v);
    const settings = check(v, true);
    if (!settings) return;
    setSaveProblem(undefined);
    setStatus({ kind: 'busy', labelKey: 'optionsTesting' });
    showFolders(await askHost({ type: 'testAccount', settings: forHost(settings, v), ...secretFor(v) }));
  };

  /** The host runs the sign-in; this page only learns that it finished, then tests the connection with it. */
  const signIn = async () => {
    const provider = values.oauth;
    const user = values.user.trim() || values.email.trim();
    if (!provider) return;
    if (!user) return void setErrors({ email: 'optionsErrorEmailMissing' });
    setSaveProblem(undefined);
    setStatus({ kind: 'busy', labelKey: 'optionsSignInWaiting' });
    const outcome = await signInThroughHost(provider, user);
    if (!outcome.ok) return void setStatus({ kind: 'problem', problem: outcome.problem });
    const signedIn = { ...values, signIn: outcome.signIn };
    setValues(signedIn);
    await test(undefined, signedIn);
  };

  /** An existing account: ask its live connection first, else connect with the stored password. */
  const loadFolders = async () => {
    if (!editing) return;
    setStatus({ kind: 'busy', labelKey: 'optionsLoadingFolders' });
    const reply = await askHost({ type: 'listFolders', account: editing.name });
    if (reply.type === 'folders') return void showFolders(reply);
    await test();
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const settings = check(values, false);
    if (!settings) return;
    setSaveProblem(undefined);
    setStatus({ kind: 'busy', labelKey: 'optionsSaving' });
    const reply = await askHost({
      type: 'saveAccount',
      settings,
      ...secretFor(values),
      ...(editing && editing.name !== settings.name ? { previousName: editing.name } : {}),
    });
    // The worker has already fetched the host's new state when it answers ok, so the account list is current.
    if (reply.type === 'ok') {
      onDone();
      return;
    }
    setStatus({ kind: 'idle' });
    setSaveProblem(unexpectedReply(reply));
  };

  return (
    <form class="account-form" onSubmit={save} noValidate aria-labelledby="account-form-title">
      <h2 id="account-form-title" tabIndex={-1} ref={heading}>
        {editing ? t('optionsEditTitle', [editing.name]) : t('optionsAddTitle')}
      </h2>

      <Field id="account-email" label={t('optionsEmail')} error={errors.email}>
        {(describedBy, invalid) => (
          <input
            id="account-email"
            type="email"
            autocomplete="username"
            value={values.email}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => setValues((v) => withEmail(v, (e.currentTarget as HTMLInputElement).value, touched))}
          />
        )}
      </Field>
      <SignInField
        option={discovery?.oauth}
        oauth={values.oauth}
        signedIn={values.signIn !== undefined}
        stored={editing?.oauth?.provider !== undefined && editing.oauth.provider === values.oauth}
        busy={busy}
        error={errors.signIn}
        onSignIn={() => void signIn()}
        onUsePassword={() => (setPasswordChosen(true), setValues(({ oauth: _o, signIn: _s, ...rest }) => rest))}
        onUseSignIn={(oauth) => (setPasswordChosen(false), set({ password: '', oauth }))}
        password={<PasswordField value={values.password} editing={!!editing} error={errors.password} onInput={(password) => set({ password })} />}
      />
      <Field id="account-name" label={t('optionsDisplayName')} hint={t('optionsDisplayNameHint')} error={errors.name}>
        {(describedBy, invalid) => (
          <input
            id="account-name"
            type="text"
            maxLength={64}
            value={values.name}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onInput={(e) => {
              touch('name');
              set({ name: (e.currentTarget as HTMLInputElement).value });
            }}
          />
        )}
      </Field>

      <ServerFields
        values={values}
        source={discovery?.source}
        errors={errors}
        guessed={!touched.server}
        onChange={(change, field) => {
          if (field) touch(field);
          setValues((v) => change(v));
        }}
      />

      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void test()}>
          {t('optionsTestConnection')}
        </button>
        {editing && (
          <button type="button" disabled={busy} onClick={() => void loadFolders()}>
            {t('optionsLoadFolders')}
          </button>
        )}
      </div>

      <ConnectionResult status={status} onTrust={(fingerprint) => void test(fingerprint)} />
      <AccountFolders
        list={folderList}
        watched={values.folders}
        archiveFolder={values.archiveFolder}
        error={errors.folders}
        onWatchedChange={(folders) => set({ folders })}
        onArchiveChange={(archiveFolder) => set({ archiveFolder })}
        onLoad={editing && !busy ? () => void loadFolders() : undefined}
      />

      {saveProblem && <ProblemMessage problem={saveProblem} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('optionsSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('optionsCancel')}
        </button>
      </div>
    </form>
  );
}

