// Operations many test files send, typed (test/generated, `pnpm generate`), and
// the two steps most tests take on the way to what they check: create a token
// through the API, revoke one. Operations used by one file only live in that file.
// Names must differ from the SDK's operations (codegen loads both).
import { graphql } from '../generated/gql.js';
import { expectData, expectTypename, type RequestOptions } from './graphql.js';
import type { TestServer } from './server.js';

/** The smallest authenticated request. */
export const VIEWER_EMAIL = graphql(`
  query ViewerEmail {
    viewer {
      email
    }
  }
`);

/** What authorization depends on: role and plan. */
export const VIEWER_ACCESS = graphql(`
  query ViewerAccess {
    viewer {
      email
      role
      workspace {
        plan
      }
    }
  }
`);

export const CREATE_TOKEN = graphql(`
  mutation CreateToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      __typename
      ... on CreateApiTokenSuccess {
        token
        httpHeader
        curlExample
        apiToken {
          id
          name
          hint
          createdAt
          lastUsedAt
          expiresAt
        }
      }
      ... on Error {
        message
      }
      ... on ValidationError {
        field
      }
    }
  }
`);

export const REVOKE_TOKEN = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeApiToken(input: { id: $id }) {
      __typename
      ... on RevokeApiTokenSuccess {
        revokedApiTokenId
      }
      ... on Error {
        message
      }
    }
  }
`);

/** One page of the viewer's tokens, forward or backward. */
export const TOKEN_PAGE = graphql(`
  query TokenPage($first: Int, $after: String, $last: Int, $before: String) {
    apiTokens(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          lastUsedAt
        }
      }
    }
  }
`);

/** Creates a token through the API as `as` (a bearer token, or other credentials); fails the test unless it succeeds. */
export async function createToken(server: Pick<TestServer, 'execute'>, as: string | RequestOptions, name: string) {
  const request = typeof as === 'string' ? { token: as } : as;
  const result = expectData(
    await server.execute(CREATE_TOKEN, { ...request, variables: { input: { name } } }),
  ).createApiToken;
  expectTypename(result, 'CreateApiTokenSuccess');
  return { id: result.apiToken.id, token: result.token, apiToken: result.apiToken };
}

/** Revokes a token through the API; the result's `__typename`. */
export async function revokeToken(
  server: Pick<TestServer, 'execute'>,
  as: string | RequestOptions,
  id: string,
): Promise<string> {
  const request = typeof as === 'string' ? { token: as } : as;
  return expectData(await server.execute(REVOKE_TOKEN, { ...request, variables: { id } })).revokeApiToken.__typename;
}
