// The typed client: one method per operation in src/operations, each typed by
// the documents codegen generated from the committed schema.
import { Client, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { InvalidTokenError, ServerError } from './errors.js';
import {
  ApiTokensDocument,
  AuditEventsDocument,
  CreateApiTokenDocument,
  RevokeApiTokenDocument,
  ViewerDocument,
  type ApiTokenFieldsFragment,
  type ApiTokensQueryVariables,
  type AuditEventFieldsFragment,
  type AuditEventsQueryVariables,
  type CreateApiTokenInput,
  type CreateApiTokenMutation,
  type PageInfoFieldsFragment,
  type RevokeApiTokenMutation,
  type ViewerQuery,
} from './generated/graphql.js';
import { checkToken, DEFAULT_TOKEN_PREFIX } from './token.js';
import { toApiTokensError } from './transport.js';

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. "https://api.example.com/graphql". */
  url: string;
  /** A personal API token; checked offline before any request. */
  token: string;
  /** The deployment's token prefix (its TOKEN_PREFIX); "pat" by default. */
  tokenPrefix?: string;
  /** A fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Extra headers on every request. `Authorization` is always the token's. */
  headers?: Record<string, string>;
}

export type Viewer = ViewerQuery['viewer'];
export type ApiToken = ApiTokenFieldsFragment;
export type AuditEvent = AuditEventFieldsFragment;
export type PageInfo = PageInfoFieldsFragment;

/** One page of a connection, with the nodes unwrapped from their edges. */
export interface Page<T> {
  nodes: T[];
  /** Each node with its cursor, for resuming from a given item. */
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export type ListApiTokensArgs = ApiTokensQueryVariables;
export type AuditEventsArgs = AuditEventsQueryVariables;

/** `expiresAt` also takes a Date, sent as an ISO 8601 string. */
export type CreateApiTokenArgs = Omit<CreateApiTokenInput, 'expiresAt'> & { readonly expiresAt?: string | Date | null };

/** `__typename` is "CreateApiTokenSuccess", "ValidationError" or "ForbiddenError". */
export type CreateApiTokenResult = CreateApiTokenMutation['createApiToken'];
export type CreateApiTokenSuccess = Extract<CreateApiTokenResult, { __typename: 'CreateApiTokenSuccess' }>;
/** `__typename` is "RevokeApiTokenSuccess", "NotFoundError" or "ForbiddenError". */
export type RevokeApiTokenResult = RevokeApiTokenMutation['revokeApiToken'];

export interface ApiTokensClient {
  /** The person the token belongs to, with their workspace. */
  viewer(): Promise<Viewer>;
  /** One page of the viewer's tokens, newest first (first/after forward, last/before backward; 1–100 per page). */
  listApiTokens(args?: ListApiTokensArgs): Promise<Page<ApiToken>>;
  /** Every page of the viewer's tokens, newest first, fetched as the loop asks for them. */
  allApiTokens(options?: { pageSize?: number }): AsyncGenerator<Page<ApiToken>, void, undefined>;
  /** Creates a token. The success is the only time its value (`token`) is ever returned. */
  createApiToken(args: CreateApiTokenArgs): Promise<CreateApiTokenResult>;
  /** Revokes one of the viewer's tokens by its global ID. */
  revokeApiToken(id: string): Promise<RevokeApiTokenResult>;
  /** One page of the workspace's audit log, newest first (admins, with audit logs enabled). */
  auditEvents(args?: AuditEventsArgs): Promise<Page<AuditEvent>>;
  /** The underlying urql client, for operations the SDK does not wrap. */
  readonly urql: Client;
}

interface Connection<T> {
  readonly totalCount: number;
  readonly pageInfo: PageInfo;
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: T }>;
}

function toPage<T>(connection: Connection<T>): Page<T> {
  const edges = connection.edges.map(({ cursor, node }) => ({ cursor, node }));
  return { nodes: edges.map((edge) => edge.node), edges, pageInfo: connection.pageInfo, totalCount: connection.totalCount };
}

export function createClient(options: ClientOptions): ApiTokensClient {
  const check = checkToken(options.token, options.tokenPrefix ?? DEFAULT_TOKEN_PREFIX);
  if (!check.ok) throw new InvalidTokenError(check.message, check.reason);

  const urql = new Client({
    url: options.url,
    // No cache: every call reflects the server (a revoked token must not be listed from memory).
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    // Responses are private to the token and never cacheable, so GET gains
    // nothing; POST also passes any CSRF guard the server may add for GET.
    preferGetMethod: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    fetchOptions: { headers: { ...options.headers, authorization: `Bearer ${options.token}` } },
  });

  async function run<Data, Variables extends AnyVariables>(
    kind: 'query' | 'mutation',
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data> {
    const result = await (kind === 'query' ? urql.query(document, variables) : urql.mutation(document, variables)).toPromise();
    if (result.error) throw toApiTokensError(result.error);
    // A 2xx answer without data or errors is not a GraphQL response (e.g. a proxy's page).
    if (!result.data) throw new ServerError('The server answered without any GraphQL data.', { code: 'SERVER_ERROR' });
    return result.data;
  }

  const listApiTokens = async (args: ListApiTokensArgs = {}) =>
    toPage((await run('query', ApiTokensDocument, args)).apiTokens);

  return {
    urql,
    viewer: async () => (await run('query', ViewerDocument, {})).viewer,
    listApiTokens,
    async *allApiTokens({ pageSize = 100 } = {}) {
      let after: string | null = null;
      do {
        const page: Page<ApiToken> = await listApiTokens({ first: pageSize, after });
        yield page;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null);
    },
    createApiToken: async ({ expiresAt, ...rest }) => {
      const input: CreateApiTokenInput = {
        ...rest,
        ...(expiresAt === undefined ? {} : { expiresAt: expiresAt instanceof Date ? expiresAt.toISOString() : expiresAt }),
      };
      return (await run('mutation', CreateApiTokenDocument, { input })).createApiToken;
    },
    revokeApiToken: async (id) => (await run('mutation', RevokeApiTokenDocument, { input: { id } })).revokeApiToken,
    auditEvents: async (args = {}) => toPage((await run('query', AuditEventsDocument, args)).auditEvents),
  };
}
