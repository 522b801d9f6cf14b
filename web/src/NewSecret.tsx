// A token's value on the one screen that ever shows it: after creating a token,
// and after rotating one (its new secret). Copy buttons for the value, the
// Authorization header, cURL and the SDK; "Done" before anything was copied asks
// first (ConfirmDiscard), because the value can never be shown again.
import type { ReactNode } from 'react';
import { CopyField } from './CopyField.js';
import { Examples } from './Examples.js';

export interface Secret {
  token: string;
  httpHeader: string;
  curlExample: string;
}

export function NewSecret({
  secret,
  intro,
  canary = false,
  onCopied,
  onDone,
}: {
  secret: Secret;
  /** What is ready, e.g. "Token CI deploys is ready." */
  intro: ReactNode;
  /** A canary: no examples, it never works. */
  canary?: boolean;
  onCopied: () => void;
  onDone: () => void;
}) {
  return (
    <div className="created">
      <p className="notice notice-warning" role="alert">
        <strong>This is the only time you will see this token.</strong> Copy it now and store it somewhere safe, like a
        password manager or your CI's secret store: you won't see it again. If you lose it, revoke it and create a new
        one.
      </p>
      {intro}
      <CopyField label="Token" value={secret.token} buttonLabel="Copy token" testId="new-token" onCopied={onCopied} />
      {canary ? (
        <p data-testid="new-canary-note">
          This is a canary: it will never work. Plant it where only someone who should not be there would find it; every
          use is refused as if it did not exist, and shown on its page.
        </p>
      ) : (
        <Examples
          token={secret.token}
          header={secret.httpHeader}
          curl={secret.curlExample}
          testIdPrefix="new-token"
          onCopied={onCopied}
        />
      )}
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={onDone} autoFocus>
          Done, I've copied it
        </button>
      </div>
    </div>
  );
}

export function ConfirmDiscard({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  return (
    <div>
      <p role="alert">
        The token's value will be gone for good: it cannot be shown again. If you have not stored it, go back and copy
        it now.
      </p>
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={onKeep} autoFocus>
          Go back to the token
        </button>
        <button type="button" className="button-danger" onClick={onDiscard}>
          Close without copying
        </button>
      </div>
    </div>
  );
}
