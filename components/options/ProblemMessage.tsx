// A problem as the options page shows it: the translated sentence for its code, a command that fixes it if there is
// one, and the host's own message as detail.
import { t } from '../../lib/i18n';
import type { Problem } from '../../lib/protocol';
import { fixCommand, problemText } from '../problem-text';

export function ProblemMessage({ problem }: { problem: Problem }) {
  const command = fixCommand(problem);
  return (
    <div class="problem" role="alert" data-code={problem.code}>
      <p class="problem__text">{problemText(problem)}</p>
      {command && <code class="problem__command">{command}</code>}
      {problem.message && (
        <p class="problem__detail">
          {t('optionsProblemDetail')} <span lang="en">{problem.message}</span>
        </p>
      )}
    </div>
  );
}
