// One token's page, at /tokens/<id>: what it is (renamable), whether it works,
// what it may do, when it was last used and from where, how to call the API with
// it, Rotate (a new secret; during the overlap, until when the old one works and
// when it was last used), and Revoke (the specification's flow: open it from the
// list, click Revoke). The value is
// shown only where the deployment and workspace opted in (Reveal.tsx); otherwise
// the examples hold a placeholder and the page says why.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { ApiTokenDocument, type ApiTokenFieldsFragment, type ViewerQuery } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { CanaryTrips } from './CanaryTrips.js';
import { expiresSoon, timeAgo } from './format.js';
import { InactivityFlag } from './InactivityFlag.js';
import { RenameForm } from './RenameForm.js';
import { Reveal } from './Reveal.js';
import { RevokeDialog } from './RevokeDialog.js';
import { RotateDialog } from './RotateDialog.js';
import { goToList } from './router.js';
import { Scopes } from './Scopes.js';
import { StatusBadge } from './StatusBadge.js';
import { Time } from './Time.js';

type Token = ApiTokenFieldsFragment;
type Policy = ViewerQuery['viewer']['workspace']['tokenPolicy'];

export function TokenDetail({ id, policy }: { id: string; policy: Policy }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApiTokenDocument,
    variables: { id },
    requestPolicy: 'network-only',
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const [renamed, setRenamed] = useState<Token | null>(null);
  const token = renamed ?? data?.apiToken ?? null;

  // A new view: say so to screen readers by moving focus to its heading.
  const arrived = data !== undefined || error !== undefined;
  useEffect(() => {
    if (arrived) heading.current?.focus();
  }, [arrived]);
  const title = token ? `${token.name} · API tokens` : 'API tokens';
  useEffect(() => {
    document.title = title;
    return () => {
      document.title = 'API tokens';
    };
  }, [title]);

  const back = (
    <p className="back">
      <a
        href="/"
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          goToList({});
        }}
      >
        ← All tokens
      </a>
    </p>
  );

  if (fetching && !data) {
    return (
      <>
        {back}
        <p className="loading" role="status">
          Loading the token…
        </p>
      </>
    );
  }
  if (error) {
    return (
      <>
        {back}
        <h1 ref={heading} tabIndex={-1}>
          Token
        </h1>
        <div className="notice notice-error" role="alert">
          <p>Could not load this token: {errorMessage(error)}</p>
          <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </div>
      </>
    );
  }
  if (!token) {
    return (
      <>
        {back}
        <h1 ref={heading} tabIndex={-1}>
          Token not found
        </h1>
        <p>There is no token of yours at this address. It may have been revoked, or the link is incomplete.</p>
      </>
    );
  }
  return <TokenView token={token} policy={policy} heading={heading} back={back} onRenamed={setRenamed} />;
}

function TokenView({
  token,
  policy,
  heading,
  back,
  onRenamed,
}: {
  token: Token;
  policy: Policy;
  heading: React.RefObject<HTMLHeadingElement | null>;
  back: React.ReactNode;
  onRenamed: (token: Token) => void;
}) {
  const [revoking, setRevoking] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [status, setStatus] = useState('');
  const renameButton = useRef<HTMLButtonElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const rotateButton = useRef<HTMLButtonElement>(null);
  const expired = token.status === 'EXPIRED';
  return (
    <article className="token-detail" aria-labelledby="token-heading" data-testid="token-detail">
      {back}
      <div className="detail-head">
        {renaming ? (
          <RenameForm
            token={token}
            onCancel={() => {
              setRenaming(false);
              setTimeout(() => renameButton.current?.focus(), 0);
            }}
            onRenamed={(next) => {
              onRenamed(next);
              setRenaming(false);
              setStatus(`Renamed to ${next.name}.`);
              setTimeout(() => heading.current?.focus(), 0);
            }}
          />
        ) : (
          <>
            <h1 ref={heading} tabIndex={-1} id="token-heading" className="token-title">
              {token.name}
            </h1>
            <button type="button" ref={renameButton} onClick={() => setRenaming(true)}>
              Rename
            </button>
          </>
        )}
      </div>
      <p className="sr-only" role="status" data-testid="detail-status">
        {status}
      </p>
      <StatusBadge
        status={token.status}
        reason={token.suspendedReason}
        canary={token.canary ? token.canaryTripCount : null}
      />

      <dl className="facts">
        <div>
          <dt>Token</dt>
          <dd>
            <code data-testid="token-hint">{token.hint}</code>{' '}
            <span className="muted">(the start and the last four characters)</span>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <Time iso={token.createdAt} />
          </dd>
        </div>
        {!token.canary && (
          <div>
            <dt>May do</dt>
            <dd>
              <Scopes scopes={token.scopes} />
            </dd>
          </div>
        )}
        {token.rotatedAt && (
          <div>
            <dt>Secret rotated</dt>
            <dd data-testid="rotated-at">
              <Time iso={token.rotatedAt} /> ({timeAgo(token.rotatedAt)})
            </dd>
          </div>
        )}
        <div>
          <dt>Last used</dt>
          <dd data-testid="last-used">
            {token.lastUsedAt ? (
              <>
                {timeAgo(token.lastUsedAt)} · <Time iso={token.lastUsedAt} />
              </>
            ) : (
              'Never'
            )}
          </dd>
        </div>
        {token.lastUsedAt && (
          <div>
            <dt>Last used from</dt>
            <dd data-testid="last-used-from">
              {token.lastUsedIp ?? 'Unknown address'}
              {token.lastUsedUserAgent && (
                <>
                  {' · '}
                  <code className="user-agent">{token.lastUsedUserAgent}</code>
                </>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>Expires</dt>
          <dd data-testid="expires">
            {token.expiresAt ? (
              <>
                <Time iso={token.expiresAt} /> ({timeAgo(token.expiresAt)})
              </>
            ) : token.canary ? (
              'Never'
            ) : (
              'Never — it works until you revoke it'
            )}
          </dd>
        </div>
      </dl>
      {!token.canary && token.expiresAt && !expired && expiresSoon(token.expiresAt) && (
        <p className="notice notice-warning" role="note" data-testid="expiry-warning">
          <strong>This token expires {timeAgo(token.expiresAt)}.</strong> Create a replacement now and move whatever
          uses this one to it, so nothing stops working.
        </p>
      )}

      {!token.canary && !expired && <InactivityFlag revokeAt={token.inactivityRevokeAt} detail />}
      {token.previousSecretExpiresAt && (
        <div className="notice notice-info" role="note" data-testid="previous-secret">
          <p>
            <strong>
              The previous secret works until <Time iso={token.previousSecretExpiresAt} /> (
              {timeAgo(token.previousSecretExpiresAt)})
            </strong>
            {' · '}
            <span data-testid="previous-secret-last-used">
              {token.previousSecretLastUsedAt ? (
                <>
                  last used {timeAgo(token.previousSecretLastUsedAt)} (<Time iso={token.previousSecretLastUsedAt} />)
                </>
              ) : (
                'not used since the rotation'
              )}
            </span>
          </p>
          <p>
            Whatever still sends it must move to the new secret before then. Once it is no longer used, everything has
            moved over.
          </p>
        </div>
      )}

      {!token.canary && expired && (
        <p className="notice notice-error" role="note" data-testid="expired-notice">
          <strong>This token has expired.</strong> Requests with it are refused. Create a new token for whatever used
          it, then revoke this one.
        </p>
      )}

      {token.canary ? (
        <CanaryTrips tokenId={token.id} />
      ) : (
        <section aria-labelledby="use-heading" className="detail-section">
          <h2 id="use-heading">Use this token</h2>
          <Reveal token={token} policy={policy} />
        </section>
      )}

      {!token.canary && token.status === 'ACTIVE' && (
        <section aria-labelledby="rotate-heading" className="detail-section">
          <h2 id="rotate-heading">Rotate</h2>
          <p>
            Give this token a new secret, keeping its name, scopes and history — for example on a schedule, or when
            someone who knew it leaves. You choose how long the current secret keeps working.
          </p>
          <button type="button" ref={rotateButton} onClick={() => setRotating(true)}>
            Rotate token…
          </button>
          <RotateDialog
            token={token}
            maxLifetimeDays={policy.maxLifetimeDays}
            open={rotating}
            onClose={() => setRotating(false)}
            returnFocus={() => rotateButton.current}
            onRotated={(next) => {
              onRenamed(next);
              setStatus(`${next.name} has a new secret.`);
            }}
          />
        </section>
      )}

      <section aria-labelledby="revoke-heading" className="detail-section danger-zone">
        <h2 id="revoke-heading">Revoke</h2>
        <p>
          {token.canary
            ? 'Revoking disarms the canary: its uses are then only counted in the revoked history. It cannot be undone.'
            : 'Revoking stops every request made with this token at once. It cannot be undone.'}
        </p>
        <button type="button" className="button-danger" ref={revokeButton} onClick={() => setRevoking(true)}>
          Revoke token
        </button>
      </section>

      <RevokeDialog
        token={revoking ? token : null}
        onClose={() => setRevoking(false)}
        returnFocus={() => revokeButton.current}
        onRevoked={(name) => goToList({ revoked: { id: token.id, name } })}
      />
    </article>
  );
}
