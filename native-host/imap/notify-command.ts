// The NOTIFY command itself (RFC 5465): SET for a list of folders, NONE to end it, and what a refusal means.
import type { ImapFlow } from 'imapflow';
import { atom, nameArgument, runRawCommand, type CommandArgument } from './imapflow';
import type { NotifyFolderNames } from './notify-names';

const EVENTS: CommandArgument[] = ['MessageNew', 'MessageExpunge', 'FlagChange'].map(atom);

/**
 * NOTIFY SET with both name forms where they differ; a server that refuses the raw UTF-8 form gets RFC names only.
 * With `initialStatus` the server answers with the STATUS of every folder before its OK (RFC 5465 §5.1).
 * Dovecot silently ends all pushes on a second SET: to change a subscription, send clearNotify() first.
 */
export async function setNotify(client: ImapFlow, names: NotifyFolderNames, initialStatus: boolean): Promise<void> {
  const command = (wireNames: string[]): CommandArgument[] => [
    atom('SET'),
    ...(initialStatus ? [atom('STATUS')] : []),
    // Without a selected filter Dovecot stops EXISTS/EXPUNGE/FETCH for the selected folder (imapflow's IDLE).
    [atom('selected-delayed'), EVENTS],
    // RFC 5465 grammar: the event list sits inside the filter group, after the names.
    [atom('mailboxes'), wireNames.map(nameArgument), EVENTS],
  ];
  try {
    await runRawCommand(client, 'NOTIFY', command(names.wireForms(true)));
  } catch (error) {
    if (!isRefusal(error) || !names.hasRawForms) throw notifyError(error);
    try {
      await runRawCommand(client, 'NOTIFY', command(names.wireForms(false)));
    } catch (retryError) {
      throw notifyError(retryError);
    }
  }
}

/** NOTIFY NONE: the server stops pushing. Pushes it sent before reading this may still arrive. */
export async function clearNotify(client: ImapFlow): Promise<void> {
  try {
    await runRawCommand(client, 'NOTIFY', [atom('NONE')]);
  } catch (error) {
    throw notifyError(error);
  }
}

interface ImapCommandError {
  responseStatus?: string;
  responseText?: string;
}

function isRefusal(error: unknown): boolean {
  const status = (error as ImapCommandError | undefined)?.responseStatus;
  return status === 'NO' || status === 'BAD';
}

function notifyError(error: unknown): Error {
  if (!isRefusal(error)) return error instanceof Error ? error : new Error(String(error));
  const { responseStatus, responseText } = error as ImapCommandError;
  return new Error(`The IMAP server refused NOTIFY (${responseStatus}${responseText ? `: ${responseText}` : ''}); watch with IDLE and STATUS polling instead.`, { cause: error });
}
