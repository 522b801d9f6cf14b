// The admins' view at /workspace/tokens: the workspace's token policy, and every
// token of the workspace with its owner, status, last use and flags (longer-lived
// than the policy allows, about to be revoked for inactivity), filtered by owner,
// status, time unused and name, 50 at a time, each revocable after a confirmation.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useClient } from 'urql';
import {
  WorkspaceApiTokensDocument,
  type ApiTokenStatus,
  type ViewerQuery,
  type WorkspaceApiTokenFieldsFragment,
  type WorkspaceApiTokenFilter,
} from '@api-tokens/sdk';
import { errorMessage } from './client.js';
import { InactivityFlag } from './InactivityFlag.js';
import { PolicyForm } from './PolicyForm.js';
import { RevokeDialog } from './RevokeDialog.js';
import { StatusBadge } from './StatusBadge.js';
import { Time } from './Time.js';

type Viewer = ViewerQuery['viewer'];
type Token = WorkspaceApiTokenFieldsFragment;
type Owner = Token['owner'];
const PAGE_SIZE = 50;
const UNUSED_CHOICES = [30, 60, 90, 180, 365];

interface Loaded {
  tokens: Token[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Filters {
  ownerId: string;
  status: '' | ApiTokenStatus;
  unusedForDays: string;
  name: string;
  exceedsMaxLifetime: boolean;
}

const NO_FILTERS: Filters = { ownerId: '', status: '', unusedForDays: '', name: '', exceedsMaxLifetime: false };

function toFilter(filters: Filters): WorkspaceApiTokenFilter {
  return {
    ownerId: filters.ownerId || null,
    status: filters.status || null,
    unusedForDays: filters.unusedForDays ? Number(filters.unusedForDays) : null,
    nameContains: filters.name || null,
    exceedsMaxLifetime: filters.exceedsMaxLifetime ? true : null,
  };
}

export function WorkspaceTokens({ viewer, onPolicyChanged }: { viewer: Viewer; onPolicyChanged: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    document.title = 'Workspace tokens · API tokens';
    return () => {
      document.title = 'API tokens';
    };
  }, []);
  const title = (
    <h1 ref={heading} tabIndex={-1}>
      Workspace tokens
    </h1>
  );
  if (viewer.role !== 'ADMIN') {
    return (
      <>
        {title}
        <p className="notice notice-readonly">Only workspace admins can see every token of the workspace.</p>
      </>
    );
  }
  if (viewer.workspace.plan !== 'ENTERPRISE') {
    return (
      <>
        {title}
        <p className="notice notice-plan">API access, and with it this view, requires the Enterprise plan.</p>
      </>
    );
  }
  const policy = viewer.workspace.tokenPolicy;
  return (
    <>
      {title}
      <p className="lede">
        Every API token in {viewer.workspace.name}, whoever owns it. Revoking one stops it at once; its owner sees in
        their history that you revoked it.
      </p>
      <PolicyForm policy={policy} auditLogsEnabled={viewer.workspace.auditLogsEnabled} onSaved={onPolicyChanged} />
      <Inventory viewer={viewer} limit={policy.maxLifetimeDays} />
    </>
  );
}

function Inventory({ viewer, limit }: { viewer: Viewer; limit: number | null }) {
  const client = useClient();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [nameText, setNameText] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [revoking, setRevoking] = useState<Token | null>(null);
  // Owners met in any answer so far: the choices of the owner filter.
  const [owners, setOwners] = useState<Map<string, Owner>>(new Map());
  const request = useRef(0);
  const tableRef = useRef<HTMLTableElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const revokeButtons = useRef(new Map<string, HTMLButtonElement>());
  const id = useId();

  const fetchPage = useCallback(
    (after: string | null) =>
      client
        .query(
          WorkspaceApiTokensDocument,
          { first: PAGE_SIZE, after, filter: toFilter(filters) },
          { requestPolicy: 'network-only' },
        )
        .toPromise(),
    [client, filters],
  );

  const remember = useCallback(
    (tokens: readonly Token[]) =>
      setOwners((known) => {
        const next = new Map(known);
        for (const token of tokens) next.set(token.owner.id, token.owner);
        return next;
      }),
    [],
  );

  const reload = useCallback(async () => {
    const mine = ++request.current;
    setError(null);
    const result = await fetchPage(null);
    if (mine !== request.current) return;
    const page = result.data?.workspaceApiTokens;
    if (result.error || !page)
      return setError(result.error ? errorMessage(result.error) : 'The server sent no tokens.');
    const tokens = page.edges.map((edge) => edge.node);
    remember(tokens);
    setLoaded({
      tokens,
      totalCount: page.totalCount,
      hasNextPage: page.pageInfo.hasNextPage,
      endCursor: page.pageInfo.endCursor,
    });
    setAnnouncement(`${page.totalCount} ${page.totalCount === 1 ? 'token' : 'tokens'} shown.`);
  }, [fetchPage, remember]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // The name filter applies after a short pause in typing.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ({ ...f, name: nameText.trim() })), 250);
    return () => clearTimeout(timer);
  }, [nameText]);

  const loadMore = async () => {
    if (!loaded?.endCursor) return;
    const mine = request.current;
    setLoadingMore(true);
    const result = await fetchPage(loaded.endCursor);
    setLoadingMore(false);
    if (mine !== request.current) return;
    const page = result.data?.workspaceApiTokens;
    if (result.error || !page)
      return setError(result.error ? errorMessage(result.error) : 'The server sent no tokens.');
    const more = page.edges.map((edge) => edge.node);
    remember(more);
    const tokens = [...loaded.tokens, ...more];
    setLoaded({
      tokens,
      totalCount: page.totalCount,
      hasNextPage: page.pageInfo.hasNextPage,
      endCursor: page.pageInfo.endCursor,
    });
    setAnnouncement(`Showing ${tokens.length} of ${page.totalCount} tokens.`);
  };

  const revoked = (token: Token) => {
    setLoaded((current) => {
      if (!current) return current;
      const index = current.tokens.findIndex((t) => t.id === token.id);
      const rest = current.tokens.filter((t) => t.id !== token.id);
      const next = rest[index] ?? rest[index - 1];
      // Focus moves to the next row's Revoke (or the heading), once the dialog has let go.
      setTimeout(() => (next ? revokeButtons.current.get(next.id) : headingRef.current)?.focus(), 0);
      return { ...current, tokens: rest, totalCount: Math.max(0, current.totalCount - 1) };
    });
    setAnnouncement(`Token ${token.name} of ${token.owner.name} revoked.`);
  };

  const set = (change: Partial<Filters>) => setFilters((f) => ({ ...f, ...change }));
  const tokens = loaded?.tokens ?? [];
  const filtered = JSON.stringify(toFilter(filters)) !== JSON.stringify(toFilter(NO_FILTERS));
  const ownerChoices = [...owners.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
        All tokens{loaded ? ` (${loaded.totalCount})` : ''}
      </h2>
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for some screen readers; a form with role="search" is announced everywhere. */}
      <form className="filters" role="search" aria-label="Filter tokens" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-owner`}>Owner</label>
          <select id={`${id}-owner`} value={filters.ownerId} onChange={(e) => set({ ownerId: e.target.value })}>
            <option value="">Anyone</option>
            {ownerChoices.map((owner) => (
              <option key={owner.id} value={owner.id}>
                {owner.name} ({owner.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={filters.status}
            onChange={(e) => set({ status: e.target.value as Filters['status'] })}
          >
            <option value="">Any</option>
            <option value="ACTIVE">Active</option>
            <option value="EXPIRED">Expired</option>
            <option value="SUSPENDED">Suspended</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-unused`}>Unused for</label>
          <select
            id={`${id}-unused`}
            value={filters.unusedForDays}
            onChange={(e) => set({ unusedForDays: e.target.value })}
          >
            <option value="">Any time</option>
            {UNUSED_CHOICES.map((days) => (
              <option key={days} value={String(days)}>
                {days}+ days
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name contains</label>
          <input
            id={`${id}-name`}
            type="search"
            value={nameText}
            onChange={(e) => setNameText(e.target.value)}
            autoComplete="off"
          />
        </div>
        {limit !== null && (
          <div className="field field-check">
            <input
              id={`${id}-exceeds`}
              type="checkbox"
              checked={filters.exceedsMaxLifetime}
              onChange={(e) => set({ exceedsMaxLifetime: e.target.checked })}
            />
            <label htmlFor={`${id}-exceeds`}>Only tokens that live longer than {limit} days</label>
          </div>
        )}
      </form>

      <p className="sr-only" role="status" aria-live="polite" data-testid="inventory-status">
        {announcement}
      </p>
      {!loaded && !error && (
        <p className="loading" role="status">
          Loading the workspace's tokens…
        </p>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load the workspace's tokens: {error}</p>
          <button type="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}
      {loaded && tokens.length === 0 && (
        <div className="empty">
          <p className="empty-title">{filtered ? 'No token matches these filters.' : 'No one has an API token yet.'}</p>
        </div>
      )}
      {tokens.length > 0 && (
        <table className="tokens" ref={tableRef} aria-labelledby={`${id}-heading`} aria-busy={loadingMore}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Owner</th>
              <th scope="col">Status</th>
              <th scope="col">Last used</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="workspace-token-row" data-token-id={token.id}>
                <td data-label="Name">
                  <span className="token-name">{token.name}</span>
                  <span className="token-hint muted">
                    <span className="sr-only">ends in </span>
                    {token.hint}
                  </span>
                </td>
                <td data-label="Owner">
                  {token.owner.name}
                  {token.owner.id === viewer.id ? ' (you)' : ''}
                  <span className="owner-email">{token.owner.email}</span>
                </td>
                <td data-label="Status">
                  <StatusBadge
                    status={token.status}
                    reason={token.suspendedReason}
                    canary={token.canary ? token.canaryTripCount : null}
                  />
                  {token.exceedsMaxLifetime && (
                    <span className="status-reason exceeds-lifetime" data-testid="exceeds-lifetime">
                      {token.expiresAt
                        ? `Lives longer than the ${limit}-day limit`
                        : `Never expires: beyond the ${limit}-day limit`}
                    </span>
                  )}
                  <InactivityFlag revokeAt={token.inactivityRevokeAt} />
                </td>
                <td data-label="Last used">{token.lastUsedAt ? <Time iso={token.lastUsedAt} relative /> : 'Never'}</td>
                <td data-label="Created">
                  <Time iso={token.createdAt} />
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button-danger"
                    ref={(button) => {
                      if (button) revokeButtons.current.set(token.id, button);
                      else revokeButtons.current.delete(token.id);
                    }}
                    onClick={() => setRevoking(token)}
                    aria-label={`Revoke ${token.name} of ${token.owner.name}`}
                  >
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded && tokens.length > 0 && (
        <div className="list-foot">
          <p className="muted" data-testid="inventory-count">
            Showing {tokens.length} of {loaded.totalCount}
          </p>
          {loaded.hasNextPage && (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load more tokens'}
            </button>
          )}
        </div>
      )}
      <RevokeDialog
        token={revoking}
        owner={revoking && revoking.owner.id !== viewer.id ? revoking.owner : null}
        onClose={() => setRevoking(null)}
        returnFocus={() => (revoking ? (revokeButtons.current.get(revoking.id) ?? null) : null)}
        onRevoked={() => revoking && revoked(revoking)}
      />
    </section>
  );
}
