// The workspace token policy, for its admins: the longest lifetime of a new token,
// how long a token may go unused before it is revoked, and whether owners can view
// a token again. One Save sends all three; the server checks them (1–3650 days;
// re-viewing needs audit logs and a server key) and audits the change.
import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { UpdateWorkspaceTokenPolicyDocument, type WorkspaceTokenPolicyFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';

type Policy = WorkspaceTokenPolicyFieldsFragment;
type Field = 'maxLifetimeDays' | 'inactivityRevokeDays' | 'tokensRevealable';

const MAX_DAYS = 3650;

/** Empty: none (null); otherwise whole days 1–3650, or an error message. */
function parseDays(text: string): number | null | string {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const days = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || days < 1 || days > MAX_DAYS)
    return `Enter whole days from 1 to ${MAX_DAYS}, or leave it empty.`;
  return days;
}

export function PolicyForm({
  policy,
  auditLogsEnabled,
  onSaved,
}: {
  policy: Policy;
  auditLogsEnabled: boolean;
  onSaved: (policy: Policy) => void;
}) {
  const [{ fetching }, save] = useMutation(UpdateWorkspaceTokenPolicyDocument);
  const [lifetime, setLifetime] = useState(policy.maxLifetimeDays?.toString() ?? '');
  const [inactivity, setInactivity] = useState(policy.inactivityRevokeDays?.toString() ?? '');
  const [revealable, setRevealable] = useState(policy.tokensRevealable);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('');
    setFormError(null);
    const maxLifetimeDays = parseDays(lifetime);
    const inactivityRevokeDays = parseDays(inactivity);
    const found: Partial<Record<Field, string>> = {};
    if (typeof maxLifetimeDays === 'string') found.maxLifetimeDays = maxLifetimeDays;
    if (typeof inactivityRevokeDays === 'string') found.inactivityRevokeDays = inactivityRevokeDays;
    setErrors(found);
    if (typeof maxLifetimeDays === 'string' || typeof inactivityRevokeDays === 'string') return;
    const result = await save({ input: { maxLifetimeDays, inactivityRevokeDays, tokensRevealable: revealable } });
    const payload = result.data?.updateWorkspaceTokenPolicy;
    if (result.error || !payload)
      return setFormError(result.error ? errorMessage(result.error) : 'The policy could not be saved.');
    if (payload.__typename === 'UpdateWorkspaceTokenPolicySuccess') {
      setStatus(
        payload.destroyedValues > 0
          ? `Token policy saved. ${payload.destroyedValues} kept token value(s) destroyed.`
          : 'Token policy saved.',
      );
      return onSaved(payload.tokenPolicy);
    }
    if (payload.__typename === 'ValidationError' && payload.field) {
      return setErrors({ [payload.field]: payload.message });
    }
    setFormError(payload.message);
  };

  const described = (field: Field) => `${id}-${field}-help${errors[field] ? ` ${id}-${field}-error` : ''}`;
  const error = (field: Field) =>
    errors[field] && (
      <p className="field-error" id={`${id}-${field}-error`} role="alert">
        {errors[field]}
      </p>
    );

  return (
    <form className="policy-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Token policy</h2>
      <div className="field">
        <label htmlFor={`${id}-maxLifetimeDays`}>Longest lifetime of a new token (days)</label>
        <input
          id={`${id}-maxLifetimeDays`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_DAYS}
          placeholder="No limit"
          value={lifetime}
          onChange={(e) => setLifetime(e.target.value)}
          aria-invalid={errors.maxLifetimeDays ? true : undefined}
          aria-describedby={described('maxLifetimeDays')}
        />
        <p className="help" id={`${id}-maxLifetimeDays-help`}>
          New tokens must expire within this many days. Empty: no limit. Tokens that already live longer keep working
          and are flagged below.
        </p>
        {error('maxLifetimeDays')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-inactivityRevokeDays`}>Revoke tokens unused for (days)</label>
        <input
          id={`${id}-inactivityRevokeDays`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_DAYS}
          placeholder="Never"
          value={inactivity}
          onChange={(e) => setInactivity(e.target.value)}
          aria-invalid={errors.inactivityRevokeDays ? true : undefined}
          aria-describedby={described('inactivityRevokeDays')}
        />
        <p className="help" id={`${id}-inactivityRevokeDays-help`}>
          Tokens not used for this many days (never used: since they were created) are revoked automatically; their
          owners see why, and are warned a week before. Empty: never.
        </p>
        {error('inactivityRevokeDays')}
      </div>
      <div className="field field-check">
        <input
          id={`${id}-tokensRevealable`}
          type="checkbox"
          checked={revealable}
          disabled={!policy.revealSupported && !revealable}
          onChange={(e) => setRevealable(e.target.checked)}
          aria-describedby={described('tokensRevealable')}
        />
        <label htmlFor={`${id}-tokensRevealable`}>Owners can view their tokens again</label>
        <p className="help" id={`${id}-tokensRevealable-help`}>
          {!policy.revealSupported
            ? 'This server does not keep token values (no TOKEN_ENCRYPTION_KEY).'
            : !auditLogsEnabled
              ? 'Needs audit logs, so that every view is recorded.'
              : 'Applies to tokens created from then on; turning it off destroys every kept value.'}
        </p>
        {error('tokensRevealable')}
      </div>
      {formError && (
        <p className="notice notice-error" role="alert">
          {formError}
        </p>
      )}
      <div className="dialog-actions">
        <button type="submit" className="button-primary" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save policy'}
        </button>
      </div>
      <p className="muted" role="status" data-testid="policy-status">
        {status}
      </p>
    </form>
  );
}
