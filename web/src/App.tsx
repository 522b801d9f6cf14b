// The "Profile → API" page. Who is signed in decides what is shown: the
// development sign-in screen, the plan message, a read-only list, or the list
// with create/revoke (and the audit log for admins of workspaces that keep one).
import { useCallback, useMemo, useState } from 'react';
import { Provider, useQuery } from 'urql';
import { ViewerDocument, type ViewerQuery } from '@api-tokens/sdk';
import { createPageClient, errorMessage, isUnauthenticated, signOut } from './client.js';
import { PLAN_NAMES, ROLE_NAMES } from './format.js';
import { SignIn } from './SignIn.js';
import { TokenPage } from './TokenPage.js';

export function App() {
  // A new client (and an empty cache) for every sign-in and sign-out.
  const [generation, setGeneration] = useState(0);
  const [signedOut, setSignedOut] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reason to make a new client.
  const client = useMemo(() => createPageClient(() => setSignedOut(true)), [generation]);
  const restart = useCallback((out: boolean) => {
    setSignedOut(out);
    setGeneration((g) => g + 1);
  }, []);

  if (signedOut) return <SignIn onSignedIn={() => restart(false)} />;
  return (
    <Provider value={client}>
      <Shell onSignedOut={() => restart(true)} />
    </Provider>
  );
}

function Shell({ onSignedOut }: { onSignedOut: () => void }) {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: ViewerDocument });
  const [signingOut, setSigningOut] = useState(false);

  if (fetching && !data) {
    return (
      <main className="page" aria-busy="true">
        <p className="loading" role="status">Loading your profile…</p>
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
                {viewer.email} · {ROLE_NAMES[viewer.role]} · {viewer.workspace.name} · {PLAN_NAMES[viewer.workspace.plan]} plan
              </span>
            </span>
            <button type="button" className="button-quiet" onClick={doSignOut} disabled={signingOut}>
              {signingOut ? 'Signing out…' : 'Sign out'}
            </button>
          </div>
        </div>
      </header>
      <main className="page" id="main">
        <p className="breadcrumb" aria-hidden="true">
          Profile → API
        </p>
        <h1>API tokens</h1>
        <TokenPage viewer={viewer} />
      </main>
    </>
  );
}
