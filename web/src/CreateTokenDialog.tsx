// "Create API token": a name (and optional expiry) → the token, shown once,
// with copy buttons for the token, the Authorization header, cURL and the SDK.
// The secret lives only in this component's state and is dropped on close;
// closing before anything was copied (or with Escape) asks first, because the
// value can never be shown again. What is typed survives a lost session (draft.ts).
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { CreateApiTokenDocument, type CreateApiTokenMutation } from '@api-tokens/sdk';
import { CopyField } from './CopyField.js';
import { errorMessage } from './client.js';
import { Dialog } from './Dialog.js';
import { clearDraft, loadDraft, saveDraft, type Draft } from './draft.js';
import { Examples } from './Examples.js';

type Created = Extract<CreateApiTokenMutation['createApiToken'], { __typename: 'CreateApiTokenSuccess' }>;

const EXPIRIES: { label: string; days: number | null }[] = [
  { label: 'Never (until revoked)', days: null },
  { label: 'In 7 days', days: 7 },
  { label: 'In 30 days', days: 30 },
  { label: 'In 90 days', days: 90 },
  { label: 'In 1 year', days: 365 },
];

export function CreateTokenDialog({
  open,
  onClose,
  onCreated,
  restored,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string) => void;
  /** The form was reopened from a kept draft (after the session ended). */
  restored?: boolean;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmingDiscard, setConfirmingDiscard] = useState(false);
  const close = () => {
    setCreated(null);
    setCopied(false);
    setConfirmingDiscard(false);
    onClose();
  };
  const cancelForm = () => {
    clearDraft();
    close();
  };
  const leaveCreated = () => (copied ? close() : setConfirmingDiscard(true));
  const askBeforeEscape = () => {
    if (!created) return cancelForm();
    // Escape is easy to press by accident: always ask while the token is on screen.
    setConfirmingDiscard((asking) => !asking);
  };
  const title = created ? (confirmingDiscard ? 'Close without the token?' : 'Copy your new token') : 'Create API token';
  return (
    <Dialog open={open} title={title} onClose={close} onEscape={askBeforeEscape} className="dialog-wide">
      {created && confirmingDiscard && <ConfirmDiscard onKeep={() => setConfirmingDiscard(false)} onDiscard={close} />}
      {created && !confirmingDiscard && (
        <CreatedToken created={created} onCopied={() => setCopied(true)} onDone={leaveCreated} />
      )}
      {!created && (
        <CreateForm
          initial={loadDraft()}
          restored={restored ?? false}
          onCancel={cancelForm}
          onCreated={(result) => {
            clearDraft();
            setCreated(result);
            onCreated(result.apiToken.name);
          }}
        />
      )}
    </Dialog>
  );
}

function CreateForm({
  initial,
  restored,
  onCancel,
  onCreated,
}: {
  initial: Draft | null;
  restored: boolean;
  onCancel: () => void;
  onCreated: (created: Created) => void;
}) {
  const [{ fetching }, create] = useMutation(CreateApiTokenDocument);
  const [name, setName] = useState(initial?.name ?? '');
  const [expiry, setExpiry] = useState(initial?.expiry ?? '0');
  const [canary, setCanary] = useState(initial?.canary ?? false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const nameId = useId();
  const expiryId = useId();
  const canaryId = useId();
  const update = (draft: Draft) => {
    setName(draft.name);
    setExpiry(draft.expiry);
    setCanary(draft.canary ?? false);
    saveDraft(draft);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(null);
    setFormError(null);
    if (name.trim() === '') {
      setFieldError('Give the token a name, e.g. where it will be used.');
      return;
    }
    const days = EXPIRIES[Number(expiry)]?.days ?? null;
    const expiresAt = days === null ? null : new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
    const result = await create({ input: { name: name.trim(), expiresAt, canary } });
    const payload = result.data?.createApiToken;
    if (result.error || !payload)
      return setFormError(result.error ? errorMessage(result.error) : 'The token could not be created.');
    if (payload.__typename === 'CreateApiTokenSuccess') return onCreated(payload);
    if (payload.__typename === 'ValidationError' && (payload.field === 'name' || payload.field === null)) {
      return setFieldError(payload.message);
    }
    setFormError(payload.message);
  };

  return (
    <form onSubmit={submit} noValidate>
      {restored && initial && (
        <p className="notice notice-readonly" role="status">
          We kept what you typed before your session ended. Check it and create the token.
        </p>
      )}
      <div className="field">
        <label htmlFor={nameId}>Token name</label>
        <input
          id={nameId}
          name="name"
          value={name}
          onChange={(e) => update({ name: e.target.value, expiry, canary })}
          maxLength={100}
          autoComplete="off"
          autoFocus
          required
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={`${nameId}-help${fieldError ? ` ${nameId}-error` : ''}`}
        />
        <p className="help" id={`${nameId}-help`}>
          What is it for? For example “CI deploys” or “Reporting script”.
        </p>
        {fieldError && (
          <p className="field-error" id={`${nameId}-error`} role="alert">
            {fieldError}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={expiryId}>Expires</label>
        <select id={expiryId} value={expiry} onChange={(e) => update({ name, expiry: e.target.value, canary })}>
          {EXPIRIES.map((option, index) => (
            <option key={option.label} value={String(index)}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-check">
        <input
          id={canaryId}
          type="checkbox"
          checked={canary}
          onChange={(e) => update({ name, expiry, canary: e.target.checked })}
          aria-describedby={`${canaryId}-help`}
        />
        <label htmlFor={canaryId}>Canary token</label>
        <p className="help" id={`${canaryId}-help`}>
          A trap: it looks like any token but never works, and every use of it is recorded — plant it where only an
          intruder would find it.
        </p>
      </div>
      {formError && (
        <p className="notice notice-error" role="alert">
          {formError}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={fetching}>
          {fetching ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}

function CreatedToken({ created, onCopied, onDone }: { created: Created; onCopied: () => void; onDone: () => void }) {
  return (
    <div className="created">
      <p className="notice notice-warning" role="alert">
        <strong>This is the only time you will see this token.</strong> Copy it now and store it somewhere safe, like a
        password manager or your CI's secret store: you won't see it again. If you lose it, revoke it and create a new
        one.
      </p>
      <p>
        {created.apiToken.canary ? 'Canary' : 'Token'} <strong>{created.apiToken.name}</strong> is ready.
      </p>
      <CopyField label="Token" value={created.token} buttonLabel="Copy token" testId="new-token" onCopied={onCopied} />
      {created.apiToken.canary ? (
        <p data-testid="new-canary-note">
          This is a canary: it will never work. Plant it where only someone who should not be there would find it; every
          use is refused as if it did not exist, and shown on its page.
        </p>
      ) : (
        <Examples
          token={created.token}
          header={created.httpHeader}
          curl={created.curlExample}
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

function ConfirmDiscard({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
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
