// "Revoke" asks first, naming the token; the token leaves the list once the
// server confirms. Errors stay in the dialog, where the person is looking.
import { useState } from 'react';
import { useMutation } from 'urql';
import { RevokeApiTokenDocument, type ApiTokenFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { Dialog } from './Dialog.js';

export function RevokeDialog({
  token,
  owner = null,
  onClose,
  onRevoked,
  returnFocus,
}: {
  token: ApiTokenFieldsFragment | null;
  /** Someone else's token (an admin revoking it): whose, so the dialog can say they will see it. */
  owner?: { name: string; email: string } | null;
  onClose: () => void;
  onRevoked: (name: string) => void;
  returnFocus: () => HTMLElement | null;
}) {
  const [{ fetching }, revoke] = useMutation(RevokeApiTokenDocument);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setError(null);
    onClose();
  };
  const confirm = async () => {
    if (!token) return;
    setError(null);
    const result = await revoke({ input: { id: token.id } });
    const payload = result.data?.revokeApiToken;
    if (result.error || !payload)
      return setError(result.error ? errorMessage(result.error) : 'The token could not be revoked.');
    if (payload.__typename !== 'RevokeApiTokenSuccess') return setError(payload.message);
    onRevoked(token.name);
    close();
  };
  return (
    <Dialog open={token !== null} title={`Revoke “${token?.name ?? ''}”?`} onClose={close} returnFocus={returnFocus}>
      <p>
        Anything that uses the token <strong>{token?.name}</strong> ({token?.hint}) will stop working immediately. This
        cannot be undone.
      </p>
      {owner && (
        <p data-testid="revoke-owner">
          It belongs to <strong>{owner.name}</strong> ({owner.email}), who will see in their revoked tokens that you
          revoked it.
        </p>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={close} autoFocus>
          Cancel
        </button>
        <button type="button" className="button-danger" onClick={confirm} disabled={fetching}>
          {fetching ? 'Revoking…' : 'Revoke token'}
        </button>
      </div>
    </Dialog>
  );
}
