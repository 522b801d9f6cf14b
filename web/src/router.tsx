// The page's views as real URLs, on the History API alone (three routes do not
// need a router library): `/` is the list, `/tokens/<id>` one token, and
// `/workspace/tokens` the admins' view of every token of the workspace. Back,
// forward and reload work because the server answers index.html for each.
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type Route = { view: 'list' } | { view: 'token'; id: string } | { view: 'workspace' };

/** What the list should do when it shows again after the detail page (e.g. a revoke there). */
export interface ListArrival {
  revoked?: { id: string; name: string };
}

interface EntryState {
  /** This detail entry was opened from the list, so "back to the list" can be history.back(). */
  fromList?: boolean;
}

export const tokenPath = (id: string) => `/tokens/${encodeURIComponent(id)}`;
export const WORKSPACE_PATH = '/workspace/tokens';

export function parseRoute(pathname: string): Route {
  if (/^\/workspace\/tokens\/?$/.test(pathname)) return { view: 'workspace' };
  const match = /^\/tokens\/([^/]+)\/?$/.exec(pathname);
  if (match) {
    try {
      return { view: 'token', id: decodeURIComponent(match[1]!) };
    } catch {
      // A malformed escape: show the list rather than a broken page.
    }
  }
  return { view: 'list' };
}

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
let pendingArrival: ListArrival | null = null;

export function navigate(path: string, options: { replace?: boolean; state?: EntryState } = {}): void {
  const state = options.state ?? null;
  if (options.replace) history.replaceState(state, '', path);
  else history.pushState(state, '', path);
  notify();
}

/**
 * Back to the list with something for it to do. When the list is the previous
 * history entry this goes back (so Back does not return to a page that no
 * longer exists); otherwise it replaces the current entry.
 */
export function goToList(arrival: ListArrival): void {
  pendingArrival = arrival;
  if ((history.state as EntryState | null)?.fromList) history.back();
  else navigate('/', { replace: true });
}

/** The arrival left by goToList, once. */
export function takeArrival(): ListArrival | null {
  const arrival = pendingArrival;
  pendingArrival = null;
  return arrival;
}

/** The current route, re-rendered on navigate() and on the browser's back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** An ordinary link (new tab, copy address all work) that navigates in place on a plain click. */
export function Link({
  to,
  state,
  onClick,
  ...rest
}: { to: string; state?: EntryState } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to, { state });
  };
  return <a href={to} onClick={click} {...rest} />;
}
