// A canary token's trips on its page: every use (refused as if the token did not
// exist) with when, from which address and client, and any report of it found in
// public. The list is what the server keeps (the latest 100); the count is all.
import { useQuery } from 'urql';
import { CanaryTripsDocument } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { SafeLink } from './SafeLink.js';
import { Time } from './Time.js';

const SHOWN = 50;

export function CanaryTrips({ tokenId }: { tokenId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: CanaryTripsDocument,
    variables: { id: tokenId, first: SHOWN },
    requestPolicy: 'network-only',
  });
  const token = data?.apiToken;
  return (
    <section aria-labelledby="trips-heading" className="detail-section" data-testid="canary-trips">
      <h2 id="trips-heading">Uses of this canary{token ? ` (${token.canaryTripCount})` : ''}</h2>
      <p className="muted">
        This token is a trap: it never works. Put it where only someone who should not be there would find it — a config
        file, a password manager entry, a CI secret nobody uses. Every use is refused exactly as if the token did not
        exist, and recorded here.
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load its uses: {errorMessage(error)}</p>
          <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </div>
      )}
      {fetching && !data && (
        <p className="loading" role="status">
          Loading its uses…
        </p>
      )}
      {token && token.canaryTrips.length === 0 && <p data-testid="no-trips">Nobody has used it yet.</p>}
      {token && token.canaryTrips.length > 0 && (
        <>
          <p className="notice notice-error" role="note">
            <strong>
              Someone has{' '}
              {token.canaryTripCount === 1 ? 'used this canary' : `used this canary ${token.canaryTripCount} times`}.
            </strong>{' '}
            Wherever you put it has been read by someone: find out how, and change the real secrets kept there.
          </p>
          <table className="tokens trips-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">From</th>
                <th scope="col">Client</th>
              </tr>
            </thead>
            <tbody>
              {token.canaryTrips.map((trip) => (
                <tr key={`${trip.occurredAt}-${trip.ip}-${trip.userAgent}-${trip.foundAtUrl}`} data-testid="trip-row">
                  <td data-label="When">
                    <Time iso={trip.occurredAt} />
                  </td>
                  {trip.foundAtUrl !== null ? (
                    <td data-label="From" colSpan={2}>
                      Found in public
                      {trip.foundAtUrl && (
                        <>
                          {' '}
                          at <SafeLink url={trip.foundAtUrl} />
                        </>
                      )}{' '}
                      (reported by secret scanning)
                    </td>
                  ) : (
                    <>
                      <td data-label="From">{trip.ip ?? 'Unknown address'}</td>
                      <td data-label="Client">
                        {trip.userAgent ? <code className="user-agent">{trip.userAgent}</code> : 'No User-Agent'}
                      </td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {token.canaryTripCount > token.canaryTrips.length && (
            <p className="muted">
              Showing the latest {token.canaryTrips.length} of {token.canaryTripCount}.
            </p>
          )}
        </>
      )}
    </section>
  );
}
