// The list view: the viewer's tokens, newest first, every one reachable ("Load
// more" pages through apiTokens(first, after)), searchable by name, each linking
// to its own page. It stays mounted while a token's page is open, so Back
// returns to the same rows, search and scroll position; when it shows again it
// refreshes the rows it holds and, after a revoke there, drops that row and
// moves focus to the row that followed it (or the heading).
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useClient } from 'urql';
import { ApiTokensDocument, type ApiTokenFieldsFragment, type ViewerQuery } from '@api-tokens/sdk';
import { AuditLog } from './AuditLog.js';
import { errorMessage } from './client.js';
import { CreateTokenDialog } from './CreateTokenDialog.js';
import { loadDraft } from './draft.js';
import { expiresSoon, PLAN_NAMES, timeAgo } from './format.js';
import { InactivityFlag } from './InactivityFlag.js';
import { RevokedHistory } from './RevokedHistory.js';
import { Scopes } from './Scopes.js';
import { Link, takeArrival, tokenPath } from './router.js';
import { StatusBadge } from './StatusBadge.js';
import { Time } from './Time.js';
import { Webhooks } from './Webhooks.js';

type Viewer = ViewerQuery['viewer'];
type Token = ApiTokenFieldsFragment;
export const PAGE_SIZE = 50;

interface Loaded {
  tokens: Token[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Why this viewer cannot create tokens, or null when they can. */
export function createRefusal(viewer: Viewer): { title: string; text: string } | null {
  const plan = PLAN_NAMES[viewer.workspace.plan] ?? viewer.workspace.plan;
  if (viewer.workspace.plan !== 'ENTERPRISE') {
    return {
      title: `API access is not available on the ${plan} plan`,
      text: `API tokens require the Enterprise plan. ${viewer.workspace.name} is on the ${plan} plan, so no one in it can create or use API tokens. Tokens you already have are listed below: they do not work now, and work again if the workspace returns to Enterprise. You can revoke them.`,
    };
  }
  if (viewer.role === 'WATCH_ONLY') {
    return {
      title: 'You have watch-only access.',
      text: 'Watch-only users cannot create or use API tokens. Tokens you had before are listed below: they do not work now, and work again if an admin restores your role. You can revoke them.',
    };
  }
  return null;
}

export function TokenList({ viewer, visible }: { viewer: Viewer; visible: boolean }) {
  const client = useClient();
  const refusal = createRefusal(viewer);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(() => refusal === null && loadDraft() !== null);
  const [restoredDraft] = useState(() => refusal === null && loadDraft() !== null);
  const [announcement, setAnnouncement] = useState('');
  const [changes, setChanges] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const request = useRef(0);
  const lastOpened = useRef<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<{ id: string | null } | null>(null);
  const searchId = useId();

  const fetchPage = useCallback(
    (after: string | null, first = PAGE_SIZE) =>
      client
        .query(
          ApiTokensDocument,
          { first, after, filter: search ? { nameContains: search } : null },
          { requestPolicy: 'network-only' },
        )
        .toPromise(),
    [client, search],
  );

  /** The first page, replacing what is shown (start, search, after a create). */
  const reload = useCallback(async () => {
    const id = ++request.current;
    setLoading(true);
    setError(null);
    const result = await fetchPage(null);
    if (id !== request.current) return; // a newer search or reload won
    setLoading(false);
    const page = result.data?.apiTokens;
    if (result.error || !page)
      return setError(result.error ? errorMessage(result.error) : 'The server sent no tokens.');
    setLoaded({
      tokens: page.edges.map((edge) => edge.node),
      totalCount: page.totalCount,
      hasNextPage: page.pageInfo.hasNextPage,
      endCursor: page.pageInfo.endCursor,
    });
    if (search)
      setAnnouncement(`${page.totalCount} ${page.totalCount === 1 ? 'token matches' : 'tokens match'} “${search}”.`);
  }, [fetchPage, search]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Typing searches after a short pause, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 250);
    return () => clearTimeout(timer);
  }, [searchText]);

  const loadMore = async () => {
    if (!loaded?.endCursor) return;
    const id = request.current;
    setLoadingMore(true);
    setError(null);
    const result = await fetchPage(loaded.endCursor);
    setLoadingMore(false);
    if (id !== request.current) return;
    const page = result.data?.apiTokens;
    if (result.error || !page)
      return setError(result.error ? errorMessage(result.error) : 'The server sent no tokens.');
    const more = page.edges.map((edge) => edge.node);
    const known = new Set(loaded.tokens.map((t) => t.id));
    const tokens = [...loaded.tokens, ...more.filter((t) => !known.has(t.id))];
    setLoaded({
      tokens,
      totalCount: page.totalCount,
      hasNextPage: page.pageInfo.hasNextPage,
      endCursor: page.pageInfo.endCursor,
    });
    setAnnouncement(`Showing ${tokens.length} of ${page.totalCount} tokens.`);
    // Keyboard users continue where the new rows begin.
    if (more[0]) setFocusTarget({ id: more[0].id });
  };

  // Shown again after a token's page: apply what happened there, refresh the rows held.
  const wasVisible = useRef(visible);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the list becomes visible again, with the rows held then.
  useEffect(() => {
    const returning = visible && !wasVisible.current;
    wasVisible.current = visible;
    if (!returning) return;
    const arrival = takeArrival();
    if (arrival?.revoked) {
      const { id, name } = arrival.revoked;
      setLoaded((current) => {
        if (!current) return current;
        const index = current.tokens.findIndex((t) => t.id === id);
        const rest = current.tokens.filter((t) => t.id !== id);
        setFocusTarget({ id: index >= 0 ? ((rest[index] ?? rest[index - 1])?.id ?? null) : null });
        return { ...current, tokens: rest, totalCount: Math.max(0, current.totalCount - (index >= 0 ? 1 : 0)) };
      });
      setAnnouncement(`Token ${name} revoked.`);
      setChanges((n) => n + 1);
    } else {
      setFocusTarget({ id: lastOpened.current });
    }
    void refreshHeld();
  }, [visible]);

  /** Fresh values (names, last use) for the rows on screen, keeping their order and the pages loaded. */
  const refreshHeld = async () => {
    const id = request.current;
    const result = await fetchPage(null, 100);
    const page = result.data?.apiTokens;
    if (!page || id !== request.current) return;
    const fresh = new Map(page.edges.map((edge) => [edge.node.id, edge.node]));
    // With every token in one page, a row missing from it was revoked elsewhere.
    const complete = !page.pageInfo.hasNextPage;
    setLoaded((current) => {
      if (!current) return current;
      const tokens = current.tokens.filter((t) => !complete || fresh.has(t.id)).map((t) => fresh.get(t.id) ?? t);
      return { ...current, tokens, totalCount: page.totalCount };
    });
  };

  // Focus moves once the rows it names are on screen.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `loaded` is listed so that this runs again once the rows are rendered.
  useEffect(() => {
    if (!focusTarget || !visible) return;
    const link = focusTarget.id
      ? tableRef.current?.querySelector<HTMLElement>(`[data-token-id="${CSS.escape(focusTarget.id)}"] a`)
      : null;
    (link ?? heading.current)?.focus();
    setFocusTarget(null);
  }, [focusTarget, loaded, visible]);

  const tokens = loaded?.tokens ?? [];
  const searching = search !== '';

  return (
    <>
      <p className="lede">
        API tokens let scripts, integrations and command-line tools call the API as you. Send one in the{' '}
        <code>Authorization: Bearer …</code> header. Treat a token like a password: anyone who has it can act as you
        until it is revoked.
      </p>

      {refusal && (
        <section className="notice notice-plan" aria-labelledby="refusal-heading" data-testid="create-refusal">
          <h2 id="refusal-heading">{refusal.title}</h2>
          <p>{refusal.text}</p>
        </section>
      )}

      <div className="section-head">
        <h2 ref={heading} tabIndex={-1} id="tokens-heading">
          Your tokens{loaded && !searching ? ` (${loaded.totalCount})` : ''}
        </h2>
        {!refusal && (
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            Create API token
          </button>
        )}
      </div>

      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for some screen readers; a form with role="search" is announced everywhere. */}
      <form
        className="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(searchText.trim());
        }}
      >
        <label htmlFor={searchId}>Search by name</label>
        <input
          id={searchId}
          type="search"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          autoComplete="off"
        />
      </form>

      <p className="sr-only" role="status" aria-live="polite" data-testid="list-status">
        {announcement}
      </p>

      {loading && !loaded && (
        <p className="loading" role="status">
          Loading tokens…
        </p>
      )}
      {error && (
        <div className="notice notice-error" role="alert">
          <p>Could not load your tokens: {error}</p>
          <button type="button" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      )}

      {loaded && tokens.length === 0 && (
        <div className="empty">
          {searching ? (
            <p className="empty-title">No token name contains “{search}”.</p>
          ) : (
            <>
              <p className="empty-title">You have no API tokens yet.</p>
              <p>
                {refusal
                  ? 'Tokens you had would appear here.'
                  : 'Create one for each script or integration, with a name that says where it is used, so that you can revoke just that one later.'}
              </p>
            </>
          )}
        </div>
      )}

      {tokens.length > 0 && (
        <table className="tokens" ref={tableRef} aria-labelledby="tokens-heading" aria-busy={loading || loadingMore}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Created</th>
              <th scope="col">Scopes</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid="token-row" data-token-id={token.id}>
                <td data-label="Name">
                  <Link
                    to={tokenPath(token.id)}
                    state={{ fromList: true }}
                    className="token-name"
                    onClick={() => (lastOpened.current = token.id)}
                  >
                    {token.name}
                  </Link>
                  <span className="token-hint muted">
                    <span className="sr-only">ends in </span>
                    {token.hint}
                  </span>
                </td>
                <td data-label="Status">
                  <StatusBadge
                    status={token.status}
                    reason={token.suspendedReason}
                    canary={token.canary ? token.canaryTripCount : null}
                  />
                  <InactivityFlag revokeAt={token.inactivityRevokeAt} />
                </td>
                <td data-label="Expires">
                  {token.expiresAt ? (
                    expiresSoon(token.expiresAt) ? (
                      // Not by colour alone: the relative time says "soon" too.
                      <span className="expiry-soon">
                        <Time iso={token.expiresAt} /> ({timeAgo(token.expiresAt)})
                      </span>
                    ) : (
                      <Time iso={token.expiresAt} />
                    )
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td data-label="Last used">{token.lastUsedAt ? <Time iso={token.lastUsedAt} relative /> : 'Never'}</td>
                <td data-label="Created">
                  <Time iso={token.createdAt} />
                </td>
                <td data-label="Scopes">
                  {token.canary ? <span className="muted">—</span> : <Scopes scopes={token.scopes} short />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded && tokens.length > 0 && (
        <div className="list-foot">
          <p className="muted" data-testid="list-count">
            {searching
              ? `Showing ${tokens.length} of ${loaded.totalCount} matching “${search}”`
              : `Showing ${tokens.length} of ${loaded.totalCount}`}
          </p>
          {loaded.hasNextPage && (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load more tokens'}
            </button>
          )}
        </div>
      )}

      {!refusal && (
        <CreateTokenDialog
          open={creating}
          maxLifetimeDays={viewer.workspace.tokenPolicy.maxLifetimeDays}
          role={viewer.role}
          restored={restoredDraft}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setAnnouncement(`Token ${name} created.`);
            setChanges((n) => n + 1);
            void reload();
          }}
        />
      )}

      <RevokedHistory changes={changes} />

      {viewer.role === 'ADMIN' && !refusal && <Webhooks />}

      {viewer.role === 'ADMIN' && viewer.workspace.auditLogsEnabled && <AuditLog changes={changes} />}
    </>
  );
}
