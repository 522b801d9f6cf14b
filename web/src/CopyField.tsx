// A secret or snippet with its own copy button. The value is rendered as text
// (selectable by hand too) and copied with the Clipboard API; the result is
// announced to screen readers.
import { useId, useState } from 'react';

export function CopyField({
  label,
  value,
  buttonLabel,
  multiline,
  testId,
  onCopied,
}: {
  label: string;
  onCopied?: () => void;
  value: string;
  buttonLabel: string;
  multiline?: boolean;
  testId?: string;
}) {
  const [status, setStatus] = useState('');
  const id = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('Copied');
      onCopied?.();
    } catch {
      // No clipboard access (permissions, insecure context): select the text instead.
      const range = document.createRange();
      const node = document.getElementById(id);
      if (node) {
        range.selectNodeContents(node);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setStatus('Press Ctrl+C (⌘C) to copy the selected text');
    }
    window.setTimeout(() => setStatus(''), 4000);
  };
  return (
    <div className="copy-field">
      <div className="copy-field-head">
        <span className="copy-field-label" id={`${id}-label`}>
          {label}
        </span>
        <button type="button" className="button-small" onClick={copy} aria-describedby={`${id}-label`}>
          {buttonLabel}
        </button>
        <span className="copy-status" role="status">
          {status}
        </span>
      </div>
      {multiline ? (
        <pre className="copy-value" id={id} data-testid={testId} tabIndex={0}>
          {value}
        </pre>
      ) : (
        <code className="copy-value" id={id} data-testid={testId} tabIndex={0}>
          {value}
        </code>
      )}
    </div>
  );
}
