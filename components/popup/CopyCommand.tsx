// A shell command shown in full with a button that copies it, for the user to paste into a terminal.
import { useRef, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';

export function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const code = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(command);
      setCopied(true);
    } catch {
      // No clipboard access (the page lost focus, or a browser policy): select the text so Ctrl+C copies it.
      const selection = getSelection();
      if (code.current && selection) selection.selectAllChildren(code.current);
    }
  };
  return (
    <div class="command">
      <code class="empty__command" ref={code}>
        {command}
      </code>
      <button type="button" class="text-button" onClick={() => void copy()}>
        {t('popupCopyCommand')}
      </button>
      <span class="visually-hidden" role="status">
        {copied ? t('popupCopied') : ''}
      </span>
    </div>
  );
}
