// The token list and everything around it: plan message, watch-only notice,
// empty state, create and revoke dialogs, and the audit log for admins.
import { useRef, useState } from 'react';
import { useQuery } from 'urql';
import { ApiTokensDocument, type ApiTokenFieldsFragment, type ViewerQuery } from '@api-tokens/sdk';
import { AuditLog } from './AuditLog.js';
import { errorMessage } from './client.js';
import { CreateTokenDialog } from './CreateTokenDialog.js';
import { formatDate, formatDateTime, PLAN_NAMES, timeAgo } from './format.js';
import { RevokeDialog } from './RevokeDialog.js';

type Viewer = ViewerQuery['viewer'];
const PAGE_SIZE = 50;

export function TokenPage({ viewer }: { viewer: Viewer }) {
  if (viewer.workspace.plan !== 'ENTERPRISE') {
    return (
      <section className="notice notice-plan" aria-labelledby="plan-heading">
        <h2 id="plan-heading">API access is not available on the {PLAN_NAMES[viewer.workspace.plan]} plan</h2>
        <p>
          API tokens require the Enterprise plan. {viewer.workspace.name} is on the {PLAN_NAMES[viewer.workspace.plan]}{' '}
          plan, so no one in it can create or use API tokens.
        </p>
        <p>Ask a workspace admin about upgrading to Enterprise to use the API.</p>
      </section>
    );
  }
  return <TokenList viewer={viewer} />;
}

function TokenList({ viewer }: { viewer: Viewer }) {
  const readOnly = viewer.role === 'WATCH_ONLY';
  const [first, setFirst] = useState(PAGE_SIZE);
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiTokensDocument, variables: { first } });
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenFieldsFragment | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // Bumped after every change, so that the audit log reloads too.
  const [changes, setChanges] = useState(0);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const changed = () => {
    reload();
    setChanges((n) => n + 1);
  };

  const tokens = data?.apiTokens.edges.map((edge) => edge.node) ?? [];

  return (
    <>
      <p className="lede">
        API tokens let scripts, integrations and command-line tools call the API as you. Send one in the{' '}
        <code>Authorization: Bearer …</code> header. Treat a token like a password: anyone who has it can act as you
        until it is revoked.
      </p>

      {readOnly && (
        <p className="notice notice-readonly" role="note">
          <strong>You have watch-only access.</strong> You can see your tokens here, but you cannot create or revoke
          them, and watch-only users cannot use API tokens. Ask a workspace admin if you need API access.
        </p>
      )}

      <div className="section-head">
        <h2 ref={listHeading} tabIndex={-1} id="tokens-heading">
          Your tokens{data ? ` (${data.apiTokens.totalCount})` : ''}
        </h2>
        {!readOnly && (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            Create API token
          </button>
        )}
      </div>

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>

      {fetching && !data && (
        <p className="loading" role="status">
          Loading tokens…
        </p>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load your tokens: {errorMessage(error)}</p>
          <button type="button" onClick={reload}>
            Try again
          </button>
        </div>
      )}

      {data && tokens.length === 0 && (
        <div className="empty">
          <p className="empty-title">You have no API tokens yet.</p>
          <p>
            {readOnly
              ? 'Tokens you had before your access became watch-only would appear here.'
              : 'Create one for each script or integration, with a name that says where it is used, so that you can revoke just that one later.'}
          </p>
        </div>
      )}

      {tokens.length > 0 && (
        <table className="tokens" aria-labelledby="tokens-heading" aria-busy={fetching}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Last used</th>
              <th scope="col">Created</th>
              {!readOnly && (
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="token-row">
                <td data-label="Name">
                  <span className="token-name">{token.name}</span>
                  <span className="token-hint muted">
                    <span className="sr-only">ends in </span>
                    {token.hint}
                  </span>
                  {token.expiresAt && (
                    <span className="muted token-expiry">
                      Expires <time dateTime={token.expiresAt}>{formatDate(token.expiresAt)}</time>
                    </span>
                  )}
                </td>
                <td data-label="Last used">
                  {token.lastUsedAt ? (
                    <time dateTime={token.lastUsedAt} title={formatDateTime(token.lastUsedAt)}>
                      {timeAgo(token.lastUsedAt)}
                    </time>
                  ) : (
                    'Never'
                  )}
                </td>
                <td data-label="Created">
                  <time dateTime={token.createdAt} title={formatDateTime(token.createdAt)}>
                    {formatDate(token.createdAt)}
                  </time>
                </td>
                {!readOnly && (
                  <td className="actions">
                    <button
                      type="button"
                      className="button-danger-quiet"
                      onClick={() => setRevoking(token)}
                      aria-label={`Revoke ${token.name}`}
                    >
                      Revoke
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.apiTokens.pageInfo.hasNextPage && (
        <button type="button" onClick={() => setFirst((n) => Math.min(n + PAGE_SIZE, 100))} disabled={first >= 100}>
          {first >= 100 ? 'Showing the newest 100 tokens' : 'Show more'}
        </button>
      )}

      {!readOnly && (
        <>
          <CreateTokenDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(name) => {
              setAnnouncement(`Token ${name} created.`);
              changed();
            }}
          />
          <RevokeDialog
            token={revoking}
            onClose={() => setRevoking(null)}
            returnFocus={() => listHeading.current}
            onRevoked={(name) => {
              setAnnouncement(`Token ${name} revoked.`);
              changed();
            }}
          />
        </>
      )}

      {viewer.role === 'ADMIN' && viewer.workspace.auditLogsEnabled && <AuditLog changes={changes} />}
    </>
  );
}
