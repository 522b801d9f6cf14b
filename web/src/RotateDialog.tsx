// "Rotate token": a new secret for the same token (same name, scopes and history),
// shown once like a new token (NewSecret.tsx). The person picks how long the old
// secret keeps working, so whatever uses it can move over without an outage; the
// token's page then shows until when, and when the old secret was last used.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RotateApiTokenDocument, type ApiTokenFieldsFragment, type RotateApiTokenMutation } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { Dialog } from './Dialog.js';
import { expiresIn, expiryOptions } from './expiry.js';
import { timeAgo } from './format.js';
import { ConfirmDiscard, NewSecret } from './NewSecret.js';
import { Time } from './Time.js';

type Rotated = Extract<RotateApiTokenMutation['rotateApiToken'], { __typename: 'RotateApiTokenSuccess' }>;

export const OVERLAPS: { label: string; seconds: number }[] = [
  { label: 'Now: the old secret stops working at once', seconds: 0 },
  { label: 'In 1 hour', seconds: 3600 },
  { label: 'In 1 day', seconds: 86_400 },
  { label: 'In 7 days', seconds: 604_800 },
];

export function RotateDialog({
  token,
  open,
  onClose,
  onRotated,
  returnFocus,
  maxLifetimeDays = null,
}: {
  token: ApiTokenFieldsFragment;
  /** The workspace's limit on a new secret's lifetime (days): then the form asks for an expiry within it. */
  maxLifetimeDays?: number | null;
  open: boolean;
  onClose: () => void;
  /** The token as it is after the rotation (the page beneath shows it at once). */
  onRotated: (token: ApiTokenFieldsFragment) => void;
  returnFocus: () => HTMLElement | null;
}) {
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const close = () => {
    setRotated(null);
    setCopied(false);
    setConfirmingDiscard(false);
    onClose();
  };
  const leaveRotated = () => (copied ? close() : setConfirmingDiscard(true));
  const askBeforeEscape = () => {
    if (!rotated) return close();
    // Escape is easy to press by accident: always ask while the secret is on screen.
    setConfirmingDiscard((asking) => !asking);
  };
  const title = rotated
    ? confirmingDiscard
      ? 'Close without the new secret?'
      : 'Copy the new secret'
    : `Rotate “${token.name}”?`;
  return (
    <Dialog
      open={open}
      title={title}
      onClose={close}
      onEscape={askBeforeEscape}
      returnFocus={returnFocus}
      className="dialog-wide"
    >
      {rotated && confirmingDiscard && <ConfirmDiscard onKeep={() => setConfirmingDiscard(false)} onDiscard={close} />}
      {rotated && !confirmingDiscard && (
        <NewSecret
          secret={rotated}
          intro={
            <p data-testid="rotated-intro">
              <strong>{rotated.apiToken.name}</strong> has a new secret.{' '}
              {rotated.previousSecretExpiresAt ? (
                <>
                  The old one works until <Time iso={rotated.previousSecretExpiresAt} /> (
                  {timeAgo(rotated.previousSecretExpiresAt)}): replace it everywhere before then.
                </>
              ) : (
                'The old one no longer works.'
              )}
            </p>
          }
          onCopied={() => setCopied(true)}
          onDone={leaveRotated}
        />
      )}
      {!rotated && (
        <RotateForm
          token={token}
          maxLifetimeDays={maxLifetimeDays}
          onCancel={close}
          onRotated={(result) => {
            setRotated(result);
            onRotated(result.apiToken);
          }}
        />
      )}
    </Dialog>
  );
}

function RotateForm({
  token,
  maxLifetimeDays,
  onCancel,
  onRotated,
}: {
  token: ApiTokenFieldsFragment;
  maxLifetimeDays: number | null;
  onCancel: () => void;
  onRotated: (rotated: Rotated) => void;
}) {
  const [{ fetching }, rotate] = useMutation(RotateApiTokenDocument);
  const [overlap, setOverlap] = useState(1);
  const [error, setError] = useState<string | null>(null);
  const groupId = useId();
  const expiryId = useId();
  // Under a lifetime limit the new secret needs an expiry within it: the longest allowed unless chosen.
  const options = maxLifetimeDays === null ? [] : expiryOptions(maxLifetimeDays);
  const [expiry, setExpiry] = useState(options.at(-1)?.value ?? '');
  const chosen = options.find((option) => option.value === expiry) ?? options.at(-1);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const overlapSeconds = OVERLAPS[overlap]?.seconds ?? 0;
    const result = await rotate({
      input: { id: token.id, overlapSeconds, ...(chosen && { expiresAt: expiresIn(chosen.days) }) },
    });
    const payload = result.data?.rotateApiToken;
    if (result.error || !payload)
      return setError(result.error ? errorMessage(result.error) : 'The token could not be rotated.');
    if (payload.__typename !== 'RotateApiTokenSuccess') return setError(payload.message);
    onRotated(payload);
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        <strong>{token.name}</strong> ({token.hint}) gets a new secret, shown once. Its name, scopes and history stay
        the same. Whatever uses the current secret must move to the new one.
      </p>
      <fieldset className="field overlap-choice">
        <legend>When should the current secret stop working?</legend>
        {OVERLAPS.map((option, index) => (
          <div className="field-check" key={option.seconds}>
            <input
              id={`${groupId}-${index}`}
              type="radio"
              name="overlap"
              checked={overlap === index}
              onChange={() => setOverlap(index)}
            />
            <label htmlFor={`${groupId}-${index}`}>{option.label}</label>
          </div>
        ))}
        <p className="help">
          Until then both secrets work, and this page shows when the old one was last used: once it is no longer used,
          everything has moved over.
        </p>
      </fieldset>
      {chosen && (
        <div className="field">
          <label htmlFor={expiryId}>The new secret expires</label>
          <select
            id={expiryId}
            value={chosen.value}
            onChange={(e) => setExpiry(e.target.value)}
            aria-describedby={`${expiryId}-help`}
          >
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          <p className="help" id={`${expiryId}-help`} data-testid="rotate-expiry-limit">
            Your workspace requires every token to expire within {maxLifetimeDays} days, rotated ones too.
          </p>
        </div>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={fetching}>
          {fetching ? 'Rotating…' : 'Rotate token'}
        </button>
      </div>
    </form>
  );
}
