// What the pages say about a problem: the one sentence for its code and the label of its fix (table in lib/problems.ts).
import { t } from '../lib/i18n';
import { problemInfo } from '../lib/problems';
import type { Problem } from '../lib/protocol';

/** The sentence in the user's language; the host's own (English) message is only ever shown as detail. */
export function problemText(problem: Pick<Problem, 'code'>): string {
  return t(problemInfo(problem.code).textKey);
}

/** The label of the button that opens the account in the options page, for problems fixed there. */
export function fixLabel(problem: Pick<Problem, 'code'>): string | undefined {
  const key = problemInfo(problem.code).fixKey;
  return key ? t(key) : undefined;
}

/** A command that fixes the problem (install or update the helper), to show in full. */
export function fixCommand(problem: Pick<Problem, 'code'>): string | undefined {
  return problemInfo(problem.code).command;
}
