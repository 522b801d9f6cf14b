// Development sign-in: pick one of the users in the embedded database. The
// server only offers this in development (DEV_SIGN_IN); in production the
// routes do not exist and this screen explains how to sign in instead.
import { useEffect, useRef, useState } from 'react';
import { CSRF_HEADERS } from './client.js';
import { PLAN_NAMES, ROLE_NAMES } from './format.js';

interface DevUser {
  email: string;
  name: string;
  role: string;
  workspace: { name: string; plan: string; auditLogsEnabled: boolean };
}

type Load =
  | { state: 'loading' }
  | { state: 'ready'; users: DevUser[] }
  | { state: 'unavailable' }
  | { state: 'error'; message: string };

export function SignIn({ onSignedIn, sessionEnded = false }: { onSignedIn: () => void; sessionEnded?: boolean }) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    let cancelled = false;
    fetch('/auth/dev/users', { credentials: 'same-origin' })
      .then(async (response) => {
        if (cancelled) return;
        if (response.status === 404) return setLoad({ state: 'unavailable' });
        if (!response.ok) return setLoad({ state: 'error', message: 'Could not load the users to sign in as.' });
        const body = (await response.json()) as { users: DevUser[] };
        setLoad({ state: 'ready', users: body.users });
      })
      .catch(() => !cancelled && setLoad({ state: 'error', message: 'Could not reach the server.' }));
    return () => {
      cancelled = true;
    };
  }, []);

  const signInAs = async (user: DevUser) => {
    setPending(user.email);
    setError(null);
    try {
      const response = await fetch('/auth/dev/sign-in', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...CSRF_HEADERS },
        body: JSON.stringify({ email: user.email }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { errors?: { message: string }[] } | null;
        throw new Error(body?.errors?.[0]?.message ?? `Sign-in failed (HTTP ${response.status}).`);
      }
      onSignedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Sign-in failed.');
      setPending(null);
    }
  };

  return (
    <main className="page page-narrow">
      <h1 ref={heading} tabIndex={-1}>
        Sign in
      </h1>
      {sessionEnded && (
        <p className="notice notice-warning" role="alert" data-testid="session-ended">
          <strong>Your session ended — sign in again.</strong> Anything you were typing into the create form is kept and
          comes back after you sign in.
        </p>
      )}
      {load.state === 'loading' && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {load.state === 'unavailable' && (
        <div className="notice">
          <p>You are not signed in.</p>
          <p>Sign in through your organisation's product, then come back to this page to manage your API tokens.</p>
        </div>
      )}
      {load.state === 'error' && (
        <p className="notice notice-error" role="alert">
          {load.message}
        </p>
      )}
      {load.state === 'ready' && (
        <>
          <p className="notice notice-dev">
            <strong>Development only.</strong> Pick a user to sign in as — there is no password. This screen does not
            exist in production, where people sign in through your product.
          </p>
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          <ul className="user-list" aria-label="Users">
            {load.users.map((user) => (
              <li key={user.email}>
                <button
                  type="button"
                  className="user-choice"
                  onClick={() => signInAs(user)}
                  disabled={pending !== null}
                  aria-label={`Sign in as ${user.name}`}
                >
                  <span className="user-name">{user.name}</span>
                  <span className="muted">
                    {user.email} · {ROLE_NAMES[user.role] ?? user.role} · {user.workspace.name} ·{' '}
                    {PLAN_NAMES[user.workspace.plan] ?? user.workspace.plan} plan
                  </span>
                  {pending === user.email && <span role="status">Signing in…</span>}
                </button>
              </li>
            ))}
          </ul>
          {load.users.length === 0 && <p>There are no users yet. Start the server with --demo to create some.</p>}
        </>
      )}
    </main>
  );
}
