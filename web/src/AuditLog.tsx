// The workspace's token audit log, for admins of workspaces that keep one.
// Loaded only when opened; "Load more" pages back through every event.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { AuditEventsDocument, type AuditEventFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { Time } from './Time.js';

const PAGE_SIZE = 50;
const ACTIONS: Record<string, string> = {
  API_TOKEN_CREATED: 'Created',
  API_TOKEN_REVOKED: 'Revoked',
  API_TOKEN_RENAMED: 'Renamed',
  API_TOKEN_REVEALED: 'Viewed again',
  API_TOKEN_ROTATED: 'Rotated',
  API_TOKEN_LEAKED: 'Found in public, revoked',
  API_TOKEN_CANARY_TRIGGERED: 'Canary used',
  WEBHOOK_ENDPOINT_CREATED: 'Webhook added',
  WEBHOOK_ENDPOINT_UPDATED: 'Webhook changed',
  WEBHOOK_ENDPOINT_DELETED: 'Webhook deleted',
};

export function AuditLog({ changes }: { changes: number }) {
  const [open, setOpen] = useState(false);
  return (
    <section className="audit" aria-labelledby="audit-heading">
      <div className="section-head">
        <h2 id="audit-heading">Audit log</h2>
        <button type="button" aria-expanded={open} aria-controls="audit-events" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide audit log' : 'Show audit log'}
        </button>
      </div>
      <p className="muted">Every change to a token in your workspace. Only workspace admins can see this.</p>
      <div id="audit-events">{open && <AuditEvents changes={changes} />}</div>
    </section>
  );
}

interface Loaded {
  events: AuditEventFieldsFragment[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

function AuditEvents({ changes }: { changes: number }) {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [status, setStatus] = useState('');
  const [attempt, setAttempt] = useState(0);
  const table = useRef<HTMLTableSectionElement>(null);

  const fetchPage = useCallback(
    async (after: string | null) => {
      const result = await client
        .query(AuditEventsDocument, { first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
        .toPromise();
      const page = result.data?.auditEvents;
      if (result.error || !page) {
        setError(result.error ? errorMessage(result.error) : 'The server sent no events.');
        return null;
      }
      setError(null);
      return page;
    },
    [client],
  );

  // First page on open, and again (rows stay on screen) after a token changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `changes` and `attempt` are the reasons to fetch the first page again.
  useEffect(() => {
    let current = true;
    void fetchPage(null).then((page) => {
      if (!current || !page) return;
      setLoaded({
        events: page.edges.map((e) => e.node),
        totalCount: page.totalCount,
        endCursor: page.pageInfo.endCursor,
        hasNextPage: page.pageInfo.hasNextPage,
      });
    });
    return () => {
      current = false;
    };
  }, [changes, attempt, fetchPage]);

  const loadMore = async () => {
    if (!loaded?.endCursor) return;
    setLoadingMore(true);
    const page = await fetchPage(loaded.endCursor);
    setLoadingMore(false);
    if (!page) return;
    const firstNew = loaded.events.length;
    const events = [...loaded.events, ...page.edges.map((e) => e.node)];
    setLoaded({
      events,
      totalCount: page.totalCount,
      endCursor: page.pageInfo.endCursor,
      hasNextPage: page.pageInfo.hasNextPage,
    });
    setStatus(`Showing ${events.length} of ${page.totalCount} events.`);
    // Keyboard users continue at the first new row.
    requestAnimationFrame(() => table.current?.rows[firstNew]?.querySelector<HTMLElement>('th, td')?.focus());
  };

  if (!loaded && !error)
    return (
      <p className="loading" role="status">
        Loading the audit log…
      </p>
    );
  if (error && !loaded) {
    return (
      <div className="notice notice-error" role="alert">
        <p>Could not load the audit log: {error}</p>
        <button
          type="button"
          onClick={() => {
            setError(null);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </div>
    );
  }
  const events = loaded?.events ?? [];
  if (events.length === 0) return <p>No token has been created or revoked in this workspace yet.</p>;
  return (
    <>
      <table className="audit-table">
        <caption className="sr-only">
          Newest {events.length} of {loaded?.totalCount} token events
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">Token</th>
            <th scope="col">By</th>
            <th scope="col">IP address</th>
            <th scope="col">Client</th>
          </tr>
        </thead>
        <tbody ref={table}>
          {events.map((event) => (
            <tr key={event.id} data-testid="audit-row">
              <td data-label="When" tabIndex={-1}>
                <Time iso={event.occurredAt} />
              </td>
              <td data-label="Event">{ACTIONS[event.action] ?? event.action}</td>
              <td data-label="Token">{event.apiTokenName ?? '—'}</td>
              <td data-label="By">{event.actorEmail}</td>
              <td data-label="IP address">{event.ip ?? '—'}</td>
              <td data-label="Client" className="user-agent">
                {event.userAgent ?? '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <div className="list-foot">
        <p className="muted">
          Showing {events.length} of {loaded?.totalCount}
        </p>
        {loaded?.hasNextPage && (
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more events'}
          </button>
        )}
      </div>
      <p className="sr-only" role="status">
        {status}
      </p>
    </>
  );
}
