// Tokens revoked recently (the server keeps a record, never the value, for
// REVOKED_RETENTION_DAYS), and the signal no other token product shows: a
// revoked token that is still being sent means something still has it.
import { useCallback } from 'react';
import { useClient } from 'urql';
import { RevokedApiTokensDocument, type RevokedApiTokenFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { SafeLink } from './SafeLink.js';
import { Time } from './Time.js';
import { type PageResult, usePages } from './usePages.js';

type Revoked = RevokedApiTokenFieldsFragment;
const PAGE_SIZE = 20;
/** Why and by whom, in words: an admin by their email, the operator's CLI, or the inactivity sweep. */
export function revokedWhy(item: Pick<Revoked, 'reason' | 'revokedBy'>): string {
  switch (item.reason) {
    case 'OWNER':
      return 'Revoked by you';
    case 'ADMIN':
      if (!item.revokedBy) return 'Revoked by someone else';
      return item.revokedBy === 'operator (CLI)'
        ? 'Revoked by the operator (CLI)'
        : `Revoked by admin ${item.revokedBy}`;
    case 'INACTIVE':
      return 'Revoked automatically: unused for longer than your workspace allows';
    case 'LEAKED':
      return 'Reported as leaked';
    case 'ROTATED':
      return 'Replaced by a rotation: the token lives on with a new secret';
    default:
      return item.reason;
  }
}

export function usedAfterText(count: number): string {
  return `Used ${count === 1 ? 'once' : `${count} times`} since it was revoked — something still has it.`;
}

export function RevokedHistory({ changes }: { changes: number }) {
  const client = useClient();
  const fetchPage = useCallback(
    async (after: string | null): Promise<PageResult<Revoked>> => {
      const result = await client
        .query(RevokedApiTokensDocument, { first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
        .toPromise();
      const page = result.data?.revokedApiTokens;
      if (result.error || !page)
        return { error: result.error ? errorMessage(result.error) : 'The server sent no revoked tokens.' };
      return page;
    },
    [client],
  );
  const { loaded, error, loadingMore, loadMore, retry } = usePages(fetchPage, changes);

  // Nothing revoked recently: the section stays out of the way.
  if (loaded && loaded.totalCount === 0) return null;
  return (
    <section className="revoked-history" aria-labelledby="revoked-heading">
      <h2 id="revoked-heading">Recently revoked{loaded ? ` (${loaded.totalCount})` : ''}</h2>
      <p className="muted">
        Revoked tokens can never be used again. Their record stays here for a while so that you can see whether
        something still tries to use them.
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load revoked tokens: {error}</p>
          <button type="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
      {!loaded && !error && (
        <p className="loading" role="status">
          Loading revoked tokens…
        </p>
      )}
      {loaded && (
        <table className="tokens revoked-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Revoked</th>
              <th scope="col">Use since revoked</th>
            </tr>
          </thead>
          <tbody>
            {loaded.items.map((item) => (
              <tr key={item.id} data-testid="revoked-row">
                <td data-label="Name">
                  <span className="token-name">{item.name}</span>
                  <span className="token-hint muted">
                    <span className="sr-only">ends in </span>
                    {item.hint}
                  </span>
                  <span className="muted status-reason">
                    Created <Time iso={item.createdAt} />
                    {' · '}
                    {item.lastUsedAt ? (
                      <>
                        last used <Time iso={item.lastUsedAt} />
                      </>
                    ) : (
                      'never used'
                    )}
                  </span>
                </td>
                <td data-label="Revoked">
                  <Time iso={item.revokedAt} />
                  {item.reason === 'LEAKED' ? (
                    <span className="status-reason leaked" data-testid="leaked">
                      <strong>Found in public</strong>
                      {item.leakUrl ? (
                        <>
                          {' '}
                          at <SafeLink url={item.leakUrl} />
                        </>
                      ) : (
                        ''
                      )}{' '}
                      and revoked at once{item.leakSource ? ` (${item.leakSource.replaceAll('_', ' ')})` : ''}. Make
                      sure whatever used it has a new token, and remove it from there.
                    </span>
                  ) : (
                    <span className="status-reason" data-testid="revoked-why">
                      {revokedWhy(item)}
                    </span>
                  )}
                </td>
                <td data-label="Use since revoked" data-testid="used-after">
                  {item.usedAfterRevocationCount > 0 ? (
                    <>
                      <span className="used-after">{usedAfterText(item.usedAfterRevocationCount)}</span>
                      {item.lastUsedAfterRevocationAt && (
                        <span className="status-reason">
                          Last <Time iso={item.lastUsedAfterRevocationAt} />
                        </span>
                      )}
                    </>
                  ) : (
                    <span className="muted">Not used since</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded?.hasNextPage && (
        <div className="list-foot">
          <p className="muted">
            Showing {loaded.items.length} of {loaded.totalCount}
          </p>
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more revoked tokens'}
          </button>
        </div>
      )}
    </section>
  );
}
