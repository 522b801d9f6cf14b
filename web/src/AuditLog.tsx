// The workspace's token audit log, for admins of workspaces that keep one.
// Loaded only when opened.
import { useEffect, useRef, useState } from 'react';
import { useQuery } from 'urql';
import { AuditEventsDocument } from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { formatDateTime, timeAgo } from './format.js';

const ACTIONS: Record<string, string> = { API_TOKEN_CREATED: 'Created', API_TOKEN_REVOKED: 'Revoked' };

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
      <p className="muted">Every token created or revoked in your workspace. Only workspace admins can see this.</p>
      <div id="audit-events">{open && <AuditEvents changes={changes} />}</div>
    </section>
  );
}

function AuditEvents({ changes }: { changes: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: AuditEventsDocument, variables: { first: 50 } });
  // Reload (keeping the rows on screen) when a token was created or revoked.
  const seen = useRef(changes);
  useEffect(() => {
    if (seen.current === changes) return;
    seen.current = changes;
    refetch({ requestPolicy: 'network-only' });
  }, [changes, refetch]);
  if (fetching && !data) return <p className="loading" role="status">Loading the audit log…</p>;
  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>Could not load the audit log: {errorMessage(error)}</p>
        <button type="button" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Try again
        </button>
      </div>
    );
  }
  const events = data?.auditEvents.edges.map((e) => e.node) ?? [];
  if (events.length === 0) return <p>No token has been created or revoked in this workspace yet.</p>;
  return (
    <table className="audit-table">
      <caption className="sr-only">Newest {events.length} of {data?.auditEvents.totalCount} token events</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Token</th>
          <th scope="col">By</th>
          <th scope="col">IP address</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td data-label="When">
              <time dateTime={event.occurredAt} title={formatDateTime(event.occurredAt)}>
                {timeAgo(event.occurredAt)}
              </time>
            </td>
            <td data-label="Event">{ACTIONS[event.action] ?? event.action}</td>
            <td data-label="Token">{event.apiTokenName}</td>
            <td data-label="By">{event.actorEmail}</td>
            <td data-label="IP address">{event.ip ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
