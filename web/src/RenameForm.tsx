// Renaming in place: the heading becomes a labelled field; Enter saves, Escape
// cancels. The server's rules (1–100 visible characters, no bidirectional
// controls) decide, and its message is shown at the field.
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useMutation } from 'urql';
import { RenameApiTokenDocument, type ApiTokenFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';

export function RenameForm({
  token,
  onCancel,
  onRenamed,
}: {
  token: ApiTokenFieldsFragment;
  onCancel: () => void;
  onRenamed: (token: ApiTokenFieldsFragment) => void;
}) {
  const [{ fetching }, rename] = useMutation(RenameApiTokenDocument);
  const [name, setName] = useState(token.name);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (name.trim() === '') return setError('Give the token a name, e.g. where it is used.');
    if (name.trim() === token.name) return onCancel();
    const result = await rename({ input: { id: token.id, name } });
    const payload = result.data?.renameApiToken;
    if (result.error || !payload)
      return setError(result.error ? errorMessage(result.error) : 'The token could not be renamed.');
    if (payload.__typename === 'RenameApiTokenSuccess') return onRenamed(payload.apiToken);
    setError(payload.message);
  };
  const keydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <form className="rename" onSubmit={submit} noValidate aria-label="Rename token">
      <div className="field">
        <label htmlFor={id}>Token name</label>
        <input
          id={id}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={keydown}
          maxLength={100}
          autoComplete="off"
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="rename-actions">
        <button type="submit" className="button-primary" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save name'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
