// The add/edit form's values and the pure rules that turn them into AccountSettings (with translated field errors).
import { AccountSettings, defaultPort, normalizeFingerprint, type Security } from '../../lib/account';
import type { AccountView } from '../../lib/protocol';
import { guessServer } from '../../lib/providers';
import type { Discovery } from './useDiscovery';

export interface FormValues {
  email: string;
  password: string;
  name: string;
  user: string;
  host: string;
  port: string;
  security: Security;
  webmailUrl: string;
  folders: string[];
  /** Where archive moves mail when the server names no Archive folder; '' for none chosen. */
  archiveFolder: string;
  trustFingerprint?: string;
  /** The OAuth2 provider this account signs in with instead of a password. */
  oauth?: string;
  /** A finished sign-in the host holds for this form (its tokens never come here). */
  signIn?: string;
}

export type FieldName = 'email' | 'password' | 'signIn' | 'name' | 'user' | 'host' | 'port' | 'webmailUrl' | 'folders';
/** Field → i18n key of its error. */
export type FieldErrors = Partial<Record<FieldName, string>>;

export function emptyValues(): FormValues {
  return { email: '', password: '', name: '', user: '', host: '', port: '993', security: 'tls', webmailUrl: '', folders: ['INBOX'], archiveFolder: '' };
}

/** The form for an existing account: its settings, no password (empty keeps the stored one). */
export function valuesFromAccount(account: AccountView): FormValues {
  return {
    email: account.user.includes('@') ? account.user : '',
    password: '',
    name: account.name,
    user: account.user,
    host: account.host,
    port: String(account.port),
    security: account.security,
    webmailUrl: account.webmailUrl ?? '',
    folders: [...account.folders],
    archiveFolder: account.archiveFolder ?? '',
    ...(account.trustFingerprint ? { trustFingerprint: account.trustFingerprint } : {}),
    ...(account.oauth ? { oauth: account.oauth.provider } : {}),
  };
}

/** Which fields the user typed into; those are never overwritten by a guess. */
export interface Touched {
  name: boolean;
  user: boolean;
  server: boolean;
  webmailUrl: boolean;
}

/** A new email address: the name, user and server follow it until the user edits them. */
export function withEmail(values: FormValues, email: string, touched: Touched): FormValues {
  const next = { ...values, email };
  if (!touched.name) next.name = email.trim();
  if (!touched.user) next.user = email.trim();
  const guess = guessServer(email);
  if (!touched.server) {
    next.host = guess?.host ?? '';
    next.port = String(guess?.port ?? 993);
    next.security = guess?.security ?? 'tls';
  }
  if (!touched.webmailUrl) next.webmailUrl = guess?.webmailUrl ?? '';
  return next;
}

/** Switching security moves a default port along (993 ↔ 143) but keeps a custom one. */
export function withSecurity(values: FormValues, security: Security): FormValues {
  const port = values.port === String(defaultPort(values.security)) ? String(defaultPort(security)) : values.port;
  return { ...values, security, port };
}

export type Checked = { ok: true; settings: AccountSettings } | { ok: false; errors: FieldErrors };

/** Checks the form; `needPassword` for a new account (an existing one keeps its stored password). */
export function toAccountSettings(values: FormValues, needPassword: boolean): Checked {
  const errors: FieldErrors = {};
  const user = values.user.trim() || values.email.trim();
  const name = values.name.trim() || values.email.trim() || user;
  const host = values.host.trim();
  const port = Number(values.port);
  const webmailUrl = values.webmailUrl.trim();
  if (values.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) errors.email = 'optionsErrorEmail';
  if (!user) errors.user = values.email.trim() ? 'optionsErrorUser' : 'optionsErrorEmailMissing';
  if (needPassword && !values.oauth && !values.password) errors.password = 'optionsErrorPassword';
  if (needPassword && values.oauth && !values.signIn) errors.signIn = 'optionsErrorSignIn';
  if (!host) errors.host = 'optionsErrorHostMissing';
  else if (!AccountSettings.shape.host.safeParse(host).success) errors.host = 'optionsErrorHost';
  if (!/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535) errors.port = 'optionsErrorPort';
  if (webmailUrl && !/^https?:\/\/\S+$/i.test(webmailUrl)) errors.webmailUrl = 'optionsErrorWebmailUrl';
  if (!AccountSettings.shape.name.safeParse(name).success) errors.name = 'optionsErrorName';
  if (values.folders.length === 0) errors.folders = 'optionsFoldersNone';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = AccountSettings.safeParse({
    name,
    host,
    port,
    security: values.security,
    user,
    folders: values.folders,
    ...(values.trustFingerprint ? { trustFingerprint: normalizeFingerprint(values.trustFingerprint) } : {}),
    ...(webmailUrl ? { webmailUrl } : {}),
    ...(values.oauth ? { oauth: { provider: values.oauth } } : {}),
    ...(values.archiveFolder ? { archiveFolder: values.archiveFolder } : {}),
  });
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path[0];
    const known: FieldName[] = ['name', 'user', 'host', 'port', 'webmailUrl', 'folders'];
    const target = known.includes(field as FieldName) ? (field as FieldName) : 'host';
    return { ok: false, errors: { [target]: 'optionsErrorInvalid' } };
  }
  return { ok: true, settings: parsed.data };
}

/** What proves the account to the host: a typed password, or a finished sign-in (named, never carried). */
export function secretFor(values: FormValues): { password: string } | { signIn: string } | Record<string, never> {
  if (values.oauth) return values.signIn ? { signIn: values.signIn } : {};
  return values.password ? { password: values.password } : {};
}

/**
 * The helper's findings replace the quick guess unless the user typed the server; a new account of a provider that
 * allows it signs in rather than taking a password (unless the user chose a password).
 */
export function withDiscovery(values: FormValues, found: Discovery, keep: { server: boolean; signInMethod: boolean; passwordChosen: boolean }): FormValues {
  const next = keep.server ? values : { ...values, host: found.host, port: String(found.port), security: found.security };
  if (keep.signInMethod) return next;
  const oauth = found.oauth?.available && !keep.passwordChosen ? found.oauth.provider : undefined;
  if (oauth === values.oauth) return next;
  const { signIn: _dropped, oauth: _old, ...rest } = next;
  return oauth ? { ...rest, oauth } : rest;
}
