// "Create API token": a name (and optional expiry) → the token, shown once,
// with copy buttons for the token, the Authorization header and a cURL example.
// The secret lives only in this component's state and is dropped on close.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { CreateApiTokenDocument, type CreateApiTokenMutation } from '@api-tokens/sdk';
import { CopyField } from './CopyField.js';
import { errorMessage } from './client.js';
import { Dialog } from './Dialog.js';

type Created = Extract<CreateApiTokenMutation['createApiToken'], { __typename: 'CreateApiTokenSuccess' }>;

const EXPIRIES: { label: string; days: number | null }[] = [
  { label: 'Never (until revoked)', days: null },
  { label: 'In 30 days', days: 30 },
  { label: 'In 90 days', days: 90 },
  { label: 'In 1 year', days: 365 },
];

export function CreateTokenDialog({ open, onClose, onCreated }: {
  open: boolean;
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const [created, setCreated] = useState<Created | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog open={open} title={created ? 'Copy your new token' : 'Create API token'} onClose={close} className="dialog-wide">
      {created ? (
        <CreatedToken created={created} onDone={close} />
      ) : (
        <CreateForm
          onCancel={close}
          onCreated={(result) => {
            setCreated(result);
            onCreated(result.apiToken.name);
          }}
        />
      )}
    </Dialog>
  );
}

function CreateForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (created: Created) => void }) {
  const [{ fetching }, create] = useMutation(CreateApiTokenDocument);
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('0');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const nameId = useId();
  const expiryId = useId();

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
    const result = await create({ input: { name: name.trim(), expiresAt } });
    const payload = result.data?.createApiToken;
    if (result.error || !payload) return setFormError(result.error ? errorMessage(result.error) : 'The token could not be created.');
    if (payload.__typename === 'CreateApiTokenSuccess') return onCreated(payload);
    if (payload.__typename === 'ValidationError' && (payload.field === 'name' || payload.field === null)) {
      return setFieldError(payload.message);
    }
    setFormError(payload.message);
  };

  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={nameId}>Token name</label>
        <input
          id={nameId}
          name="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
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
        <select id={expiryId} value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {EXPIRIES.map((option, index) => (
            <option key={option.label} value={String(index)}>
              {option.label}
            </option>
          ))}
        </select>
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

function CreatedToken({ created, onDone }: { created: Created; onDone: () => void }) {
  return (
    <div className="created">
      <p className="notice notice-warning" role="alert">
        <strong>This is the only time you will see this token.</strong> Copy it now and store it somewhere safe, like a
        password manager or your CI's secret store: you won't see it again. If you lose it, revoke it and create a new
        one.
      </p>
      <p>
        Token <strong>{created.apiToken.name}</strong> is ready.
      </p>
      <CopyField label="Token" value={created.token} buttonLabel="Copy token" testId="new-token" />
      <CopyField label="Authorization header" value={created.httpHeader} buttonLabel="Copy header" testId="new-token-header" />
      <CopyField label="Example: call the API with cURL" value={created.curlExample} buttonLabel="Copy cURL command" multiline testId="new-token-curl" />
      <div className="dialog-actions">
        <button type="button" className="button-primary" onClick={onDone} autoFocus>
          Done, I've copied it
        </button>
      </div>
    </div>
  );
}
