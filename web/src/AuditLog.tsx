// The workspace's token audit log, for admins of workspaces that keep one.
// Loaded only when opened; "Load more" pages back through every event.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { AuditEventsDocument, type AuditEventFieldsFragment } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { Time } from './Time.js';
import { type PageResult, usePages } from './usePages.js';

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

function AuditEvents({ changes }: { changes: number }) {
  const client = useClient();
  const [status, setStatus] = useState('');
  const table = useRef<HTMLTableSectionElement>(null);

  const fetchPage = useCallback(
    async (after: string | null): Promise<PageResult<AuditEventFieldsFragment>> => {
      const result = await client
        .query(AuditEventsDocument, { first: PAGE_SIZE, after }, { requestPolicy: 'network-only' })
        .toPromise();
      const page = result.data?.auditEvents;
      if (result.error || !page)
        return { error: result.error ? errorMessage(result.error) : 'The server sent no events.' };
      return page;
    },
    [client],
  );
  // First page on open, and again (rows stay on screen) after a token changed.
  const { loaded, error, loadingMore, loadMore, retry } = usePages(fetchPage, changes);

  // Keyboard users continue at the first new row, once it is on the page (the page set
  // before this index was, so the render that brings the index brings the rows).
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow === null) return;
    const cell = table.current?.rows[focusRow]?.querySelector<HTMLElement>('th, td');
    if (!cell) return;
    cell.focus();
    setFocusRow(null);
  }, [focusRow]);

  const showMore = async () => {
    const firstNew = loaded?.items.length ?? 0;
    const now = await loadMore();
    if (!now) return;
    setStatus(`Showing ${now.items.length} of ${now.totalCount} events.`);
    setFocusRow(firstNew);
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
        <button type="button" onClick={retry}>
          Try again
        </button>
      </div>
    );
  }
  const events = loaded?.items ?? [];
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
          <button type="button" onClick={() => void showMore()} disabled={loadingMore}>
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
