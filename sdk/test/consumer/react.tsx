// api.tsx: one urql client for the app, and typed hooks on the SDK's documents.
import type { ReactNode } from 'react';
import { cacheExchange, Client, fetchExchange, Provider, useMutation, useQuery } from 'urql';
import {
  ApiTokensDocument,
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  trustedDocumentsExchange,
} from '@api-tokens/sdk';

export function createApiClient(getToken: () => string): Client {
  return new Client({
    url: 'https://api.example.com/graphql',
    // trustedDocumentsExchange sends the SDK's documents by hash, which a server with
    // TRUSTED_DOCUMENTS requires (elsewhere it costs one extra request, then text is sent).
    exchanges: [cacheExchange, trustedDocumentsExchange(), fetchExchange],
    // A function, so a new token is used at once. No CSRF header is needed with a bearer token.
    fetchOptions: () => ({ headers: { authorization: `Bearer ${getToken()}` } }),
  });
}

export function ApiProvider({ client, children }: { client: Client; children: ReactNode }) {
  return <Provider value={client}>{children}</Provider>;
}

// Tells the cache which type these operations concern, so the list is fetched again after
// a revocation (whose result holds no ApiToken) and when it was empty.
const tokens = { additionalTypenames: ['ApiToken'] };

export function TokenList() {
  const [{ data, fetching, error }] = useQuery({ query: ApiTokensDocument, variables: { first: 20 }, context: tokens });
  const [, revoke] = useMutation(RevokeApiTokenDocument);
  if (error) return <p role="alert">{error.message}</p>;
  if (fetching || !data) return <p>Loading…</p>;
  return (
    <ul>
      {data.apiTokens.edges.map(({ node }) => (
        <li key={node.id}>
          {node.name} ({node.hint}), last used {node.lastUsedAt ?? 'never'}
          <button type="button" onClick={() => revoke({ input: { id: node.id } }, tokens)}>
            Revoke
          </button>
        </li>
      ))}
    </ul>
  );
}

export function CreateToken() {
  const [{ data, fetching }, create] = useMutation(CreateApiTokenDocument);
  const result = data?.createApiToken;
  return (
    <>
      <button type="button" disabled={fetching} onClick={() => create({ input: { name: 'laptop' } })}>
        Create a token
      </button>
      {result?.__typename === 'CreateApiTokenSuccess' && <code>{result.token}</code>}
      {result && result.__typename !== 'CreateApiTokenSuccess' && <p role="alert">{result.message}</p>}
    </>
  );
}
