// "Create API token": a name, an optional expiry and what it may do (the scopes
// the viewer may grant, all ticked) → the token, shown once (NewSecret.tsx),
// with copy buttons for the token, the Authorization header, cURL and the SDK.
// The secret lives only in this component's state and is dropped on close;
// closing before anything was copied (or with Escape) asks first, because the
// value can never be shown again. What is typed survives a lost session (draft.ts).
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { CreateApiTokenDocument, type ApiTokenScope, type CreateApiTokenMutation } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { Dialog } from './Dialog.js';
import { clearDraft, loadDraft, saveDraft, type Draft } from './draft.js';
import { grantableScopes, SCOPES } from './format.js';
import { expiresIn, expiryOptions } from './expiry.js';
import { ConfirmDiscard, NewSecret } from './NewSecret.js';

type Created = Extract<CreateApiTokenMutation['createApiToken'], { __typename: 'CreateApiTokenSuccess' }>;

export function CreateTokenDialog({
  open,
  role,
  onClose,
  onCreated,
  restored,
  maxLifetimeDays = null,
}: {
  open: boolean;
  /** The viewer's role: which scopes the form offers. */
  role: string;
  /** The workspace's limit on a new token's lifetime (days); null: none. */
  maxLifetimeDays?: number | null;
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
        <NewSecret
          secret={created}
          canary={created.apiToken.canary}
          intro={
            <p>
              {created.apiToken.canary ? 'Canary' : 'Token'} <strong>{created.apiToken.name}</strong> is ready.
            </p>
          }
          onCopied={() => setCopied(true)}
          onDone={leaveCreated}
        />
      )}
      {!created && (
        <CreateForm
          grantable={grantableScopes(role)}
          initial={loadDraft()}
          maxLifetimeDays={maxLifetimeDays}
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
  grantable,
  initial,
  maxLifetimeDays,
  restored,
  onCancel,
  onCreated,
}: {
  grantable: ApiTokenScope[];
  initial: Draft | null;
  maxLifetimeDays: number | null;
  restored: boolean;
  onCancel: () => void;
  onCreated: (created: Created) => void;
}) {
  const [{ fetching }, create] = useMutation(CreateApiTokenDocument);
  const [name, setName] = useState(initial?.name ?? '');
  const [expiry, setExpiry] = useState(initial?.expiry ?? '0');
  const [canary, setCanary] = useState(initial?.canary ?? false);
  // Every scope the viewer may grant, unless a kept draft says otherwise.
  const [scopes, setScopes] = useState<ApiTokenScope[]>(() =>
    initial?.scopes ? grantable.filter((scope) => initial.scopes?.includes(scope)) : grantable,
  );
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [expiryError, setExpiryError] = useState<string | null>(null);
  const nameId = useId();
  const expiryId = useId();
  const canaryId = useId();
  const scopesId = useId();
  const limit = canary ? null : maxLifetimeDays;
  const options = expiryOptions(limit);
  // A choice the policy does not allow (a draft from before it, "never") becomes the longest allowed.
  const chosen = options.find((option) => option.value === expiry) ?? options.at(-1)!;
  const update = (draft: Draft) => {
    setName(draft.name);
    setExpiry(draft.expiry);
    setCanary(draft.canary ?? false);
    saveDraft(draft);
  };
  // The scopes are kept only when changed from the default, so an untouched form is no draft.
  const keptScopes = (chosen: ApiTokenScope[]) => (chosen.length === grantable.length ? undefined : chosen);
  // Only what differs from an untouched form is kept (no `canary: false`).
  const draft = (change: Partial<Draft>): Draft => {
    const next = { name, expiry, canary, scopes: keptScopes(scopes), ...change };
    return {
      name: next.name,
      expiry: next.expiry,
      ...(next.canary ? { canary: true } : {}),
      ...(next.scopes ? { scopes: next.scopes } : {}),
    };
  };
  const toggleScope = (scope: ApiTokenScope, on: boolean) => {
    const next = grantable.filter((s) => (s === scope ? on : scopes.includes(s)));
    setScopes(next);
    update(draft({ scopes: keptScopes(next) }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFieldError(null);
    setFormError(null);
    setExpiryError(null);
    if (name.trim() === '') {
      setFieldError('Give the token a name, e.g. where it will be used.');
      return;
    }
    if (!canary && scopes.length === 0) {
      setFormError('Choose at least one thing the token may do.');
      return;
    }
    const days = chosen.days;
    const expiresAt = expiresIn(days);
    // A canary never works: what it "may do" means nothing, so it gets the default.
    const result = await create({ input: { name: name.trim(), expiresAt, canary, scopes: canary ? null : scopes } });
    const payload = result.data?.createApiToken;
    if (result.error || !payload)
      return setFormError(result.error ? errorMessage(result.error) : 'The token could not be created.');
    if (payload.__typename === 'CreateApiTokenSuccess') return onCreated(payload);
    if (payload.__typename === 'ValidationError' && (payload.field === 'name' || payload.field === null)) {
      return setFieldError(payload.message);
    }
    if (payload.__typename === 'ValidationError' && payload.field === 'expiresAt')
      return setExpiryError(payload.message);
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
          onChange={(e) => update(draft({ name: e.target.value }))}
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
        <select
          id={expiryId}
          value={chosen.value}
          onChange={(e) => update(draft({ expiry: e.target.value }))}
          aria-invalid={expiryError ? true : undefined}
          aria-describedby={
            [limit !== null && `${expiryId}-help`, expiryError && `${expiryId}-error`].filter(Boolean).join(' ') ||
            undefined
          }
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {limit !== null && (
          <p className="help" id={`${expiryId}-help`} data-testid="expiry-limit">
            Your workspace requires every token to expire within {limit} days.
          </p>
        )}
        {expiryError && (
          <p className="field-error" id={`${expiryId}-error`} role="alert">
            {expiryError}
          </p>
        )}
      </div>
      {!canary && (
        <fieldset className="field scope-choice" aria-describedby={`${scopesId}-help`}>
          <legend>What may it do?</legend>
          {grantable.map((scope) => (
            <div className="field-check" key={scope}>
              <input
                id={`${scopesId}-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => toggleScope(scope, e.target.checked)}
                aria-describedby={`${scopesId}-${scope}-help`}
              />
              <label htmlFor={`${scopesId}-${scope}`}>{SCOPES[scope].label}</label>
              <p className="help" id={`${scopesId}-${scope}-help`}>
                {SCOPES[scope].help}
              </p>
            </div>
          ))}
          <p className="help" id={`${scopesId}-help`}>
            Give it only what it needs: a request outside these is refused.
          </p>
        </fieldset>
      )}
      <div className="field field-check">
        <input
          id={canaryId}
          type="checkbox"
          checked={canary}
          onChange={(e) => update(draft({ canary: e.target.checked }))}
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
