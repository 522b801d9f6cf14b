// A list read one page of a GraphQL connection at a time: the first page on mount and
// again whenever `reloadKey` changes (rows stay on screen meanwhile), or after `retry`;
// `loadMore` appends the next page. For lists with nothing else to keep in step (the
// audit log, recently revoked tokens); the token lists add search and filters of their own.
import { useEffect, useState } from 'react';

export interface Connection<T> {
  totalCount: number;
  edges: readonly { node: T }[];
  pageInfo: { endCursor?: string | null; hasNextPage: boolean };
}

/** What has been read so far. */
export interface Pages<T> {
  items: T[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

/** A page, or the message to show instead. */
export type PageResult<T> = Connection<T> | { error: string };

const pagesOf = <T>(before: readonly T[], page: Connection<T>): Pages<T> => ({
  items: [...before, ...page.edges.map((edge) => edge.node)],
  totalCount: page.totalCount,
  endCursor: page.pageInfo.endCursor ?? null,
  hasNextPage: page.pageInfo.hasNextPage,
});

/** `fetchPage` must be stable (useCallback): a new one reads the first page again. */
export function usePages<T>(fetchPage: (after: string | null) => Promise<PageResult<T>>, reloadKey: unknown) {
  const [loaded, setLoaded] = useState<Pages<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloadKey` and `attempt` are the reasons to read the first page again.
  useEffect(() => {
    let current = true;
    void fetchPage(null).then((page) => {
      if (!current) return;
      if ('error' in page) return setError(page.error);
      setError(null);
      setLoaded(pagesOf([], page));
    });
    return () => {
      current = false;
    };
  }, [reloadKey, attempt, fetchPage]);

  /** Appends the next page; resolves with what is read now, or null when nothing was added. */
  const loadMore = async (): Promise<Pages<T> | null> => {
    if (!loaded?.endCursor) return null;
    setLoadingMore(true);
    const page = await fetchPage(loaded.endCursor);
    setLoadingMore(false);
    if ('error' in page) {
      setError(page.error);
      return null;
    }
    setError(null);
    const next = pagesOf(loaded.items, page);
    setLoaded(next);
    return next;
  };

  const retry = () => {
    setError(null);
    setAttempt((n) => n + 1);
  };

  return { loaded, error, loadingMore, loadMore, retry };
}
