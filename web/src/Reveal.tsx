// The token's value on its page. Where the deployment (TOKEN_ENCRYPTION_KEY) and
// the workspace opted in and the token was kept, "Show token" asks the server
// (an audited view) and shows the value with ready examples until hidden or the
// page is left; it is never stored. Elsewhere the examples hold a placeholder
// and the page says why the value cannot be shown.
import { useRef, useState } from 'react';
import { useMutation } from 'urql';
import { RevealApiTokenDocument, type ApiTokenFieldsFragment, type ViewerQuery } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { CopyField } from './CopyField.js';
import { Examples } from './Examples.js';

type Policy = ViewerQuery['viewer']['workspace']['tokenPolicy'];
interface Revealed {
  token: string;
  httpHeader: string;
  curlExample: string;
}

/** Why this token's value cannot be shown again, in words for its owner. */
export function whyNotRevealable(token: ApiTokenFieldsFragment, policy: Policy): string {
  const start = `The token's value was shown once, when it was created. Put your copy of ${token.hint} where the examples say <your token>; if you no longer have it, create a new token and revoke this one.`;
  if (!policy.revealSupported)
    return `This server keeps only a fingerprint of it, so it cannot show it again. ${start}`;
  if (!policy.tokensRevealable) {
    return `Your workspace does not keep token values, so it cannot be shown again (a workspace admin can turn on “tokens can be viewed again” for new tokens). ${start}`;
  }
  return `This token was made before your workspace kept token values (or its audit log is off), so it cannot be shown again. ${start}`;
}

export function Reveal({ token, policy }: { token: ApiTokenFieldsFragment; policy: Policy }) {
  const [{ fetching }, reveal] = useMutation(RevealApiTokenDocument);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const showButton = useRef<HTMLButtonElement>(null);

  if (!token.revealable) {
    return (
      <>
        <p data-testid="not-revealable">{whyNotRevealable(token, policy)}</p>
        <Examples token={null} testIdPrefix="token" />
      </>
    );
  }
  const show = async () => {
    setError(null);
    const result = await reveal({ input: { id: token.id } });
    const payload = result.data?.revealApiToken;
    if (result.error || !payload)
      return setError(result.error ? errorMessage(result.error) : 'The token could not be shown.');
    if (payload.__typename !== 'RevealApiTokenSuccess') return setError(payload.message);
    setRevealed(payload);
  };
  return (
    <>
      {revealed ? (
        <>
          <p className="notice notice-warning" role="status">
            <strong>Anyone who sees your screen now can use this token.</strong> This view was written to your
            workspace's audit log.
          </p>
          <CopyField label="Token" value={revealed.token} buttonLabel="Copy token" testId="revealed-token" />
          <Examples
            token={revealed.token}
            header={revealed.httpHeader}
            curl={revealed.curlExample}
            testIdPrefix="token"
          />
          <button
            type="button"
            onClick={() => {
              setRevealed(null);
              // Keep keyboard focus where the value was, not on <body>.
              setTimeout(() => showButton.current?.focus(), 0);
            }}
          >
            Hide token
          </button>
        </>
      ) : (
        <>
          <p>
            Your workspace keeps this token's value (encrypted), so you can see it again. Each view is written to the
            audit log.
          </p>
          <button
            type="button"
            className="button-primary"
            ref={showButton}
            onClick={() => void show()}
            disabled={fetching}
          >
            {fetching ? 'Showing…' : 'Show token'}
          </button>
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          <Examples token={null} testIdPrefix="token" />
        </>
      )}
    </>
  );
}
