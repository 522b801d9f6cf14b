// The "Profile → API" page. Who is signed in decides what is shown: the
// development sign-in screen (saying so when a session ended mid-use), the
// list (with why creating is not possible, when it is not) or one token's page.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { ViewerDocument, type ViewerQuery } from '@api-tokens/sdk';
import { createPageClient, errorMessage, isUnauthenticated, signOut } from './client.js';
import { PLAN_NAMES, ROLE_NAMES } from './format.js';
import { Link, useRoute, WORKSPACE_PATH } from './router.js';
import { SignIn } from './SignIn.js';
import { TokenDetail } from './TokenDetail.js';
import { TokenList } from './TokenList.js';
import { WorkspaceTokens } from './WorkspaceTokens.js';

export function App() {
  // A new client (and an empty cache) for every sign-in and sign-out.
  const [generation, setGeneration] = useState(0);
  const [signedOut, setSignedOut] = useState(false);
  // Set once the viewer loaded: a 401 after that means the session ended, not "never signed in".
  const signedIn = useRef(false);
  const [sessionEnded, setSessionEnded] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reason to make a new client.
  const client = useMemo(
    () =>
      createPageClient(() => {
        if (signedIn.current) setSessionEnded(true);
        signedIn.current = false;
        setSignedOut(true);
      }),
    [generation],
  );
  const restart = useCallback((out: boolean) => {
    setSignedOut(out);
    setSessionEnded(false);
    setGeneration((g) => g + 1);
  }, []);

  if (signedOut) return <SignIn sessionEnded={sessionEnded} onSignedIn={() => restart(false)} />;
  return (
    <Provider value={client}>
      <Shell
        onViewer={() => (signedIn.current = true)}
        onSignedOut={() => {
          signedIn.current = false;
          restart(true);
        }}
      />
    </Provider>
  );
}

function Shell({ onSignedOut, onViewer }: { onSignedOut: () => void; onViewer: () => void }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerDocument });
  const [signingOut, setSigningOut] = useState(false);
  const route = useRoute();
  // The list mounts the first time it is shown and then stays (hidden behind a
  // token's page), so Back finds it as it was left.
  const [listShown, setListShown] = useState(route.view === 'list');
  useEffect(() => {
    if (route.view === 'list') setListShown(true);
  }, [route]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per viewer loaded; `onViewer` is a new function each render.
  useEffect(() => {
    if (data) onViewer();
  }, [data]);

  if (fetching && !data) {
    return (
      <main className="page" aria-busy="true">
        <p className="loading" role="status">
          Loading your profile…
        </p>
      </main>
    );
  }
  if (error && isUnauthenticated(error)) return null; // the client switches to the sign-in screen
  if (error || !data) {
    return (
      <main className="page">
        <div className="notice notice-error" role="alert">
          <p>{error ? errorMessage(error) : 'Something went wrong.'}</p>
          <button type="button" onClick={() => reexecute({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </div>
      </main>
    );
  }

  const viewer: ViewerQuery['viewer'] = data.viewer;
  // The workspace view is for admins with API access (the server refuses anyone else).
  const admin = viewer.role === 'ADMIN' && viewer.workspace.plan === 'ENTERPRISE';
  const doSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
    } finally {
      onSignedOut();
    }
  };

  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <span className="brand">API tokens</span>
          <div className="who">
            <span>
              <span className="who-name">{viewer.name}</span>{' '}
              <span className="muted">
                {viewer.email} · {ROLE_NAMES[viewer.role]} · {viewer.workspace.name} ·{' '}
                {PLAN_NAMES[viewer.workspace.plan]} plan
              </span>
            </span>
            <button type="button" className="button-quiet" onClick={doSignOut} disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      </header>
      <main className="page" id="main">
        {admin && route.view !== 'token' && (
          <nav aria-label="Token views">
            <ul className="view-tabs">
              <li>
                <Link to="/" aria-current={route.view === 'list' ? 'page' : undefined}>
                  Your tokens
                </Link>
              </li>
              <li>
                <Link to={WORKSPACE_PATH} aria-current={route.view === 'workspace' ? 'page' : undefined}>
                  Workspace tokens
                </Link>
              </li>
            </ul>
          </nav>
        )}
        {listShown && (
          <div hidden={route.view !== 'list'} data-testid="list-view">
            <p className="breadcrumb" aria-hidden="true">
              Profile → API
            </p>
            <h1>API tokens</h1>
            <TokenList viewer={viewer} visible={route.view === 'list'} />
          </div>
        )}
        {route.view === 'token' && <TokenDetail key={route.id} id={route.id} policy={viewer.workspace.tokenPolicy} />}
        {route.view === 'workspace' && (
          <div data-testid="workspace-view">
            <WorkspaceTokens viewer={viewer} onPolicyChanged={() => reexecute({ requestPolicy: 'network-only' })} />
          </div>
        )}
      </main>
    </>
  );
}
