// A token's scopes (what it may do), as small labels: short in the list, in words
// on the token's page. Not by colour alone: each label is text.
import type { ApiTokenScope } from '@api-tokens/sdk';
import { SCOPE_ORDER, SCOPES } from './format.js';

export function Scopes({ scopes, short = false }: { scopes: readonly ApiTokenScope[]; short?: boolean }) {
  const ordered = SCOPE_ORDER.filter((scope) => scopes.includes(scope));
  return (
    <ul className="scopes" data-testid="token-scopes" aria-label="Scopes">
      {ordered.map((scope) => (
        <li key={scope} className="scope" title={`${SCOPES[scope].label}: ${SCOPES[scope].help}`}>
          {short ? SCOPES[scope].short : SCOPES[scope].label}
        </li>
      ))}
    </ul>
  );
}
