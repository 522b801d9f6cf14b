// The typed client: one method per operation in src/operations, each typed by
// the documents codegen generated from the committed schema, plus `request` for
// any other typed document. Every call goes through `execute`: retries on
// 429/503, a time budget, cancellation and the logging hooks.
import { Client, fetchExchange, type AnyVariables, type Exchange, type OperationResult } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { createDeadline } from './deadline.js';
import { InvalidTokenError, ServerError, type ApiTokensError } from './errors.js';
import { expiryOf, noticeExpiry, warnExpiring, type TokenExpiringEvent } from './expiry.js';
import {
  ApiTokenDocument,
  ApiTokensDocument,
  AuditEventsDocument,
  CanaryTripsDocument,
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  SendTestWebhookEventDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
  CreateApiTokenDocument,
  RenameApiTokenDocument,
  RevokeApiTokenDocument,
  RevokedApiTokensDocument,
  RotateApiTokenDocument,
  UpdateWorkspaceTokenPolicyDocument,
  ViewerDocument,
  WorkspaceApiTokensDocument,
  type ApiTokenFieldsFragment,
  type ApiTokensQueryVariables,
  type AuditEventFieldsFragment,
  type AuditEventsQueryVariables,
  type CanaryTripFieldsFragment,
  type CreateWebhookEndpointInput,
  type CreateWebhookEndpointMutation,
  type DeleteWebhookEndpointMutation,
  type SendTestWebhookEventMutation,
  type UpdateWebhookEndpointInput,
  type UpdateWebhookEndpointMutation,
  type WebhookDeliveryFieldsFragment,
  type WebhookEndpointFieldsFragment,
  type CreateApiTokenInput,
  type CreateApiTokenMutation,
  type PageInfoFieldsFragment,
  type RenameApiTokenMutation,
  type RevokeApiTokenMutation,
  type RevokedApiTokenFieldsFragment,
  type RevokedApiTokensQueryVariables,
  type RotateApiTokenInput,
  type RotateApiTokenMutation,
  type UpdateWorkspaceTokenPolicyInput,
  type UpdateWorkspaceTokenPolicyMutation,
  type ViewerQuery,
  type WorkspaceApiTokenFieldsFragment,
  type WorkspaceApiTokensQueryVariables,
} from './generated/graphql.js';
import { retryPolicy, type RetrySetting } from './retry.js';
import { checkToken } from './token.js';
import { toApiTokensError } from './transport.js';
import { trustedDocumentsExchange, type TrustedDocumentsMode } from './trusted-documents.js';
import { SDK_VERSION } from './version.js';

/** The SDK's part of the User-Agent header: `@api-tokens/sdk/<version>`. */
export const SDK_USER_AGENT = `@api-tokens/sdk/${SDK_VERSION}`;

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. "https://api.example.com/graphql". */
  url: string;
  /** A personal API token; checked offline before any request. */
  token: string;
  /** Accept only tokens with this prefix (the deployment's TOKEN_PREFIX). By default any valid prefix passes. */
  tokenPrefix?: string;
  /** A fetch implementation; the global one by default. */
  fetch?: typeof fetch;
  /** Extra headers on every request. `Authorization` and `User-Agent` are the SDK's (see `userAgent`). */
  headers?: Record<string, string>;
  /** Your application, put before the SDK's own in the User-Agent: "my-app/1.2 @api-tokens/sdk/0.2.0". */
  userAgent?: string;
  /** Retries of 429/503 answers (default: queries up to 2 times; mutations only with `mutations: true`). */
  retry?: RetrySetting;
  /** Time budget of each call in ms, retries and their waits included (default: none). */
  timeoutMs?: number;
  /** Aborts every call of this client when it fires (e.g. at shutdown). */
  signal?: AbortSignal;
  /** Send operations by hash, for servers with TRUSTED_DOCUMENTS (default 'auto'). */
  trustedDocuments?: TrustedDocumentsMode;
  /** Called before each attempt of each call. Never sees the token. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt, with its outcome. */
  onResponse?: (event: ResponseEvent) => void;
  /** Where the SDK reports retries (warn) and each attempt (debug); `console` will do. */
  logger?: Logger;
  /**
   * Called once per process for each expiry time, at the first response within 7 days
   * of the token's expiry (the server's `Api-Token-Expires-At`). Default: console.warn.
   */
  onTokenExpiring?: (event: TokenExpiringEvent) => void;
}

/** Options of one call; they override the client's. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** `true` retries this call even if it is a mutation; `false` never retries it. */
  retry?: RetrySetting;
}

/** Options of the iterators: page size (1–100, default 100), and the options of each page's call. */
export interface PagingOptions extends CallOptions {
  pageSize?: number;
}

export interface RequestEvent {
  operationName: string;
  kind: 'query' | 'mutation';
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
}

export interface ResponseEvent extends RequestEvent {
  /** HTTP status of the (last) response; undefined when none arrived. */
  status: number | undefined;
  durationMs: number;
  /** The error this attempt ended with; undefined on success. */
  error: ApiTokensError | undefined;
}

export interface Logger {
  debug(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export type Viewer = ViewerQuery['viewer'];
export type ApiToken = ApiTokenFieldsFragment;
export type AuditEvent = AuditEventFieldsFragment;
export type RevokedApiToken = RevokedApiTokenFieldsFragment;
/** A token of the workspace inventory: the token and its owner. */
export type WorkspaceApiToken = WorkspaceApiTokenFieldsFragment;
export type PageInfo = PageInfoFieldsFragment;
export type CanaryTrip = CanaryTripFieldsFragment;
export type WebhookEndpoint = WebhookEndpointFieldsFragment;
export type WebhookDelivery = WebhookDeliveryFieldsFragment;
/** `__typename` is "CreateWebhookEndpointSuccess" (with the `secret`, shown once), "ValidationError" or "ForbiddenError". */
export type CreateWebhookEndpointResult = CreateWebhookEndpointMutation['createWebhookEndpoint'];
/** `__typename` is "UpdateWebhookEndpointSuccess", "ValidationError", "NotFoundError" or "ForbiddenError". */
export type UpdateWebhookEndpointResult = UpdateWebhookEndpointMutation['updateWebhookEndpoint'];
/** `__typename` is "DeleteWebhookEndpointSuccess", "NotFoundError" or "ForbiddenError". */
export type DeleteWebhookEndpointResult = DeleteWebhookEndpointMutation['deleteWebhookEndpoint'];
/** `__typename` is "SendTestWebhookEventSuccess", "ValidationError", "NotFoundError" or "ForbiddenError". */
export type SendTestWebhookEventResult = SendTestWebhookEventMutation['sendTestWebhookEvent'];

/** A canary token's trips: how many in all, and the latest, newest first. */
export interface CanaryTrips {
  canaryTripCount: number;
  trips: CanaryTrip[];
}

/** One page of a connection, with the nodes unwrapped from their edges. */
export interface Page<T> {
  nodes: T[];
  /** Each node with its cursor, for resuming from a given item. */
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: number;
}

export type ListApiTokensArgs = ApiTokensQueryVariables;
export type ListAuditEventsArgs = AuditEventsQueryVariables;
export type ListRevokedApiTokensArgs = RevokedApiTokensQueryVariables;
/** `{ first, after, filter: { ownerId, status, unusedForDays, nameContains, exceedsMaxLifetime } }`. */
export type ListWorkspaceApiTokensArgs = WorkspaceApiTokensQueryVariables;
/** @deprecated Renamed ListAuditEventsArgs (`auditEvents()` now iterates over events). */
export type AuditEventsArgs = ListAuditEventsArgs;

/** `expiresAt` also takes a Date, sent as an ISO 8601 string. */
export type CreateApiTokenArgs = Omit<CreateApiTokenInput, 'expiresAt'> & { readonly expiresAt?: string | Date | null };

/** `__typename` is "CreateApiTokenSuccess", "ValidationError" or "ForbiddenError". */
export type CreateApiTokenResult = CreateApiTokenMutation['createApiToken'];
export type CreateApiTokenSuccess = Extract<CreateApiTokenResult, { __typename: 'CreateApiTokenSuccess' }>;
/** `__typename` is "RevokeApiTokenSuccess", "NotFoundError" or "ForbiddenError". */
export type RevokeApiTokenResult = RevokeApiTokenMutation['revokeApiToken'];
/** `__typename` is "RenameApiTokenSuccess", "ValidationError", "NotFoundError" or "ForbiddenError". */
export type RenameApiTokenResult = RenameApiTokenMutation['renameApiToken'];
/** `overlapSeconds`: how long the old secret keeps working (0–604800, default 0); `expiresAt`: a new expiry (a Date too). */
export type RotateApiTokenArgs = Omit<RotateApiTokenInput, 'id' | 'expiresAt'> & {
  readonly expiresAt?: string | Date | null;
};
/** `__typename` is "RotateApiTokenSuccess", "ValidationError", "NotFoundError" or "ForbiddenError". */
export type RotateApiTokenResult = RotateApiTokenMutation['rotateApiToken'];
export type RotateApiTokenSuccess = Extract<RotateApiTokenResult, { __typename: 'RotateApiTokenSuccess' }>;
/** `__typename` is "UpdateWorkspaceTokenPolicySuccess", "ValidationError" or "ForbiddenError". */
export type UpdateWorkspaceTokenPolicyResult = UpdateWorkspaceTokenPolicyMutation['updateWorkspaceTokenPolicy'];

/** `request`'s arguments: variables may be left out when none are required. */
// biome-ignore lint/complexity/noBannedTypes: `{} extends V` is how TypeScript asks "are all of V's fields optional?".
export type RequestArguments<Variables> = {} extends Variables
  ? [variables?: Variables, options?: CallOptions]
  : [variables: Variables, options?: CallOptions];

export interface ApiTokensClient {
  /** The person the token belongs to, with their workspace. */
  viewer(options?: CallOptions): Promise<Viewer>;
  /** One of the viewer's tokens by its global ID; null when there is no such token of theirs. */
  getApiToken(id: string, options?: CallOptions): Promise<ApiToken | null>;
  /** A canary token's latest trips (1–100, default 20), newest first; null when there is no such token of theirs. */
  getCanaryTrips(id: string, args?: { first?: number }, options?: CallOptions): Promise<CanaryTrips | null>;
  /** One page of the viewer's tokens, newest first (first/after forward, last/before backward; 1–100 per page). */
  listApiTokens(args?: ListApiTokensArgs, options?: CallOptions): Promise<Page<ApiToken>>;
  /** Every page of the viewer's tokens, newest first, fetched as the loop asks for them. */
  allApiTokens(options?: PagingOptions): AsyncGenerator<Page<ApiToken>, void, undefined>;
  /** Every one of the viewer's tokens, newest first, fetched a page at a time as the loop asks. */
  tokens(options?: PagingOptions): AsyncGenerator<ApiToken, void, undefined>;
  /** Creates a token. The success is the only time its value (`token`) is ever returned. */
  createApiToken(args: CreateApiTokenArgs, options?: CallOptions): Promise<CreateApiTokenResult>;
  /** Revokes one of the viewer's tokens by its global ID. */
  revokeApiToken(id: string, options?: CallOptions): Promise<RevokeApiTokenResult>;
  /**
   * Gives one of the viewer's tokens (this one included) a new secret, returned once in
   * the success; the old one keeps working for `overlapSeconds`. A client holding the old
   * secret goes on using it: create a new client with the new one.
   */
  rotateApiToken(id: string, args?: RotateApiTokenArgs, options?: CallOptions): Promise<RotateApiTokenResult>;
  /** Renames one of the viewer's tokens (1–100 visible characters). */
  renameApiToken(id: string, name: string, options?: CallOptions): Promise<RenameApiTokenResult>;
  /** One page of the viewer's revoked tokens (kept for the server's retention), most recently revoked first. */
  listRevokedApiTokens(args?: ListRevokedApiTokensArgs, options?: CallOptions): Promise<Page<RevokedApiToken>>;
  /** Every one of the viewer's revoked tokens, fetched a page at a time as the loop asks. */
  revokedApiTokens(options?: PagingOptions): AsyncGenerator<RevokedApiToken, void, undefined>;
  /** One page of every token of the workspace, newest first, with owners (workspace admins; 1–100 per page). */
  listWorkspaceApiTokens(args?: ListWorkspaceApiTokensArgs, options?: CallOptions): Promise<Page<WorkspaceApiToken>>;
  /** Every token of the workspace matching `filter`, newest first, fetched a page at a time (workspace admins). */
  workspaceApiTokens(
    filter?: ListWorkspaceApiTokensArgs['filter'],
    options?: PagingOptions,
  ): AsyncGenerator<WorkspaceApiToken, void, undefined>;
  /**
   * Changes the workspace token policy (admins): `{ tokensRevealable, maxLifetimeDays, inactivityRevokeDays }`;
   * a field left out stays, `null` turns a day limit off.
   */
  updateWorkspaceTokenPolicy(
    input: UpdateWorkspaceTokenPolicyInput,
    options?: CallOptions,
  ): Promise<UpdateWorkspaceTokenPolicyResult>;
  /** One page of the workspace's audit log, newest first (admins, with audit logs enabled). */
  listAuditEvents(args?: ListAuditEventsArgs, options?: CallOptions): Promise<Page<AuditEvent>>;
  /** Every page of the workspace's audit log, newest first. */
  allAuditEvents(options?: PagingOptions): AsyncGenerator<Page<AuditEvent>, void, undefined>;
  /** Every event of the workspace's audit log, newest first, fetched a page at a time. */
  auditEvents(options?: PagingOptions): AsyncGenerator<AuditEvent, void, undefined>;
  /** The workspace's webhook endpoints (admins), oldest first; never their secrets. */
  listWebhookEndpoints(options?: CallOptions): Promise<WebhookEndpoint[]>;
  /** An endpoint's latest deliveries, newest first (1–100, default 20); null when there is no such endpoint of the workspace. */
  listWebhookDeliveries(
    id: string,
    args?: { first?: number },
    options?: CallOptions,
  ): Promise<WebhookDelivery[] | null>;
  /** Registers an endpoint (admins; at most 10): the success carries its signing `secret`, shown this once. */
  createWebhookEndpoint(input: CreateWebhookEndpointInput, options?: CallOptions): Promise<CreateWebhookEndpointResult>;
  /** Changes an endpoint; `enabled: true` re-enables one disabled after a day of failures. */
  updateWebhookEndpoint(input: UpdateWebhookEndpointInput, options?: CallOptions): Promise<UpdateWebhookEndpointResult>;
  deleteWebhookEndpoint(id: string, options?: CallOptions): Promise<DeleteWebhookEndpointResult>;
  /** Queues a `webhook.test` event for one endpoint. */
  sendTestWebhookEvent(id: string, options?: CallOptions): Promise<SendTestWebhookEventResult>;
  /** Runs any typed document (a query or a mutation) with the client's token, retries and hooks. */
  request<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    ...args: RequestArguments<Variables>
  ): Promise<Data>;
  /** The underlying urql client (no cache; the token, user agent and trusted-documents exchange set up). */
  readonly urql: Client;
  /**
   * When the token stops working, from the latest response: a Date, null when the token
   * never expires, undefined before any response said.
   */
  readonly lastTokenExpiresAt: Date | null | undefined;
}

interface Connection<T> {
  readonly totalCount: number;
  readonly pageInfo: PageInfo;
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: T }>;
}

function toPage<T>(connection: Connection<T>): Page<T> {
  const edges = connection.edges.map(({ cursor, node }) => ({ cursor, node }));
  return {
    nodes: edges.map((edge) => edge.node),
    edges,
    pageInfo: connection.pageInfo,
    totalCount: connection.totalCount,
  };
}

function operationOf(document: DocumentNode): { kind: 'query' | 'mutation'; name: string } {
  // Compared by name, not graphql's Kind enum: the SDK needs graphql's types only, not its code.
  const operations = document.definitions.filter(
    (definition): definition is OperationDefinitionNode => (definition.kind as string) === 'OperationDefinition',
  );
  const operation = operations[0];
  if (operations.length !== 1 || !operation)
    throw new TypeError('request() takes a document with exactly one operation.');
  if (operation.operation === 'subscription')
    throw new TypeError('request() runs queries and mutations, not subscriptions.');
  return { kind: operation.operation, name: operation.name?.value ?? 'anonymous' };
}

async function* pages<T>(
  fetchPage: (after: string | null, options: CallOptions) => Promise<Page<T>>,
  { pageSize = 100, ...options }: PagingOptions,
): AsyncGenerator<Page<T>, void, undefined> {
  let after: string | null = null;
  do {
    const page: Page<T> = await fetchPage(after, options);
    yield page;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
}

async function* items<T>(source: AsyncGenerator<Page<T>, void, undefined>): AsyncGenerator<T, void, undefined> {
  for await (const page of source) yield* page.nodes;
}

export function createClient(options: ClientOptions): ApiTokensClient {
  const check = checkToken(options.token, options.tokenPrefix);
  if (!check.ok) throw new InvalidTokenError(check.message, check.reason);
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const mode = options.trustedDocuments ?? 'auto';
  const logger = options.logger;
  // `Authorization` and `User-Agent` are set below; a User-Agent given in `headers` becomes the prefix.
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).filter(
      ([name]) => !['authorization', 'user-agent'].includes(name.toLowerCase()),
    ),
  );
  const prefix =
    options.userAgent ??
    Object.entries(options.headers ?? {}).find(([name]) => name.toLowerCase() === 'user-agent')?.[1];

  const exchanges: Exchange[] = mode === 'never' ? [fetchExchange] : [trustedDocumentsExchange(mode), fetchExchange];
  const urql = new Client({
    url: options.url,
    // No cache: every call reflects the server (a revoked token must not be listed from memory).
    exchanges,
    requestPolicy: 'network-only',
    // Responses are private to the token and never cacheable, so GET gains nothing.
    preferGetMethod: false,
    fetch: baseFetch,
    fetchOptions: {
      headers: {
        ...headers,
        'user-agent': prefix ? `${prefix} ${SDK_USER_AGENT}` : SDK_USER_AGENT,
        authorization: `Bearer ${options.token}`,
      },
    },
  });

  let lastTokenExpiresAt: Date | null | undefined;
  const onTokenExpiring = options.onTokenExpiring ?? warnExpiring;
  function noteExpiry(response: Response) {
    const expiresAt = expiryOf(response);
    if (expiresAt === undefined) return;
    lastTokenExpiresAt = expiresAt;
    if (expiresAt) noticeExpiry(expiresAt, Date.now(), onTokenExpiring);
  }

  // One attempt: resolves with the result, or rejects when the deadline fires
  // (unsubscribing makes urql abort the fetch).
  function attempt<Data, Variables extends AnyVariables>(
    kind: 'query' | 'mutation',
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    signal: AbortSignal,
    onHttpResponse: (response: Response) => void,
  ): Promise<OperationResult<Data, Variables>> {
    return new Promise((resolve, reject) => {
      const context = {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const response = await baseFetch(input, init);
          onHttpResponse(response);
          return response;
        },
      };
      const source =
        kind === 'query' ? urql.query(document, variables, context) : urql.mutation(document, variables, context);
      const subscription = source.subscribe((result) => {
        if (result.stale || result.hasNext) return;
        signal.removeEventListener('abort', onAbort);
        queueMicrotask(() => subscription.unsubscribe());
        resolve(result);
      });
      function onAbort() {
        subscription.unsubscribe();
        reject(signal.reason);
      }
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function execute<Data, Variables extends AnyVariables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    call: CallOptions = {},
  ): Promise<Data> {
    const { kind, name } = operationOf(document);
    const policy = retryPolicy(kind, options.retry, call.retry);
    const deadline = createDeadline([options.signal, call.signal], call.timeoutMs ?? options.timeoutMs);
    try {
      for (let tries = 1; ; tries += 1) {
        const event: RequestEvent = { operationName: name, kind, attempt: tries };
        options.onRequest?.(event);
        const startedAt = Date.now();
        let status: number | undefined;
        let error: ApiTokensError | undefined;
        let data: Data | undefined;
        try {
          const result = await attempt(kind, document, variables, deadline.signal, (response) => {
            status = response.status;
            noteExpiry(response);
          });
          if (result.error) error = toApiTokensError(result.error);
          // A 2xx answer without data or errors is not a GraphQL response (e.g. a proxy's page).
          else if (!result.data)
            error = new ServerError('The server answered without any GraphQL data.', { code: 'SERVER_ERROR', status });
          else data = result.data;
        } catch {
          error = deadline.error();
        }
        const durationMs = Date.now() - startedAt;
        options.onResponse?.({ ...event, status, durationMs, error });
        logger?.debug(`${name}: ${error ? `${error.kind} (${error.code})` : 'ok'} after ${durationMs} ms`, {
          ...event,
          status,
        });
        if (!error) return data as Data;
        const delayMs = deadline.signal.aborted ? null : policy.delayAfter(error, tries);
        // Waiting past the time budget would only end in a timeout: give the server's answer instead.
        if (delayMs === null || delayMs >= deadline.remainingMs()) throw error;
        logger?.warn(`${name}: HTTP ${error.status}, retrying in ${Math.round(delayMs)} ms (retry ${tries})`, {
          ...event,
          status,
        });
        // Rejects with the TimeoutError or AbortedError if the deadline fires meanwhile.
        await deadline.sleep(delayMs);
      }
    } finally {
      deadline.dispose();
    }
  }

  const listApiTokens = async (args: ListApiTokensArgs = {}, call?: CallOptions) =>
    toPage((await execute(ApiTokensDocument, args, call)).apiTokens);
  const listAuditEvents = async (args: ListAuditEventsArgs = {}, call?: CallOptions) =>
    toPage((await execute(AuditEventsDocument, args, call)).auditEvents);
  const allApiTokens = (paging: PagingOptions = {}) =>
    pages((after, call) => listApiTokens({ first: paging.pageSize ?? 100, after }, call), paging);
  const allAuditEvents = (paging: PagingOptions = {}) =>
    pages((after, call) => listAuditEvents({ first: paging.pageSize ?? 100, after }, call), paging);
  const listRevokedApiTokens = async (args: ListRevokedApiTokensArgs = {}, call?: CallOptions) =>
    toPage((await execute(RevokedApiTokensDocument, args, call)).revokedApiTokens);
  const listWorkspaceApiTokens = async (args: ListWorkspaceApiTokensArgs = {}, call?: CallOptions) =>
    toPage((await execute(WorkspaceApiTokensDocument, args, call)).workspaceApiTokens);

  return {
    urql,
    get lastTokenExpiresAt() {
      return lastTokenExpiresAt;
    },
    viewer: async (call) => (await execute(ViewerDocument, {}, call)).viewer,
    getApiToken: async (id, call) => (await execute(ApiTokenDocument, { id }, call)).apiToken,
    getCanaryTrips: async (id, args = {}, call) => {
      const token = (await execute(CanaryTripsDocument, { id, first: args.first ?? null }, call)).apiToken;
      return token && { canaryTripCount: token.canaryTripCount, trips: [...token.canaryTrips] };
    },
    listApiTokens,
    allApiTokens,
    tokens: (paging) => items(allApiTokens(paging)),
    createApiToken: async ({ expiresAt, ...rest }, call) => {
      const input: CreateApiTokenInput = {
        ...rest,
        ...(expiresAt === undefined
          ? {}
          : { expiresAt: expiresAt instanceof Date ? expiresAt.toISOString() : expiresAt }),
      };
      return (await execute(CreateApiTokenDocument, { input }, call)).createApiToken;
    },
    revokeApiToken: async (id, call) => (await execute(RevokeApiTokenDocument, { input: { id } }, call)).revokeApiToken,
    rotateApiToken: async (id, { expiresAt, ...rest } = {}, call) => {
      const input: RotateApiTokenInput = {
        ...rest,
        id,
        ...(expiresAt === undefined
          ? {}
          : { expiresAt: expiresAt instanceof Date ? expiresAt.toISOString() : expiresAt }),
      };
      return (await execute(RotateApiTokenDocument, { input }, call)).rotateApiToken;
    },
    renameApiToken: async (id, name, call) =>
      (await execute(RenameApiTokenDocument, { input: { id, name } }, call)).renameApiToken,
    listRevokedApiTokens,
    revokedApiTokens: (paging = {}) =>
      items(pages((after, call) => listRevokedApiTokens({ first: paging.pageSize ?? 100, after }, call), paging)),
    listWorkspaceApiTokens,
    workspaceApiTokens: (filter, paging = {}) =>
      items(
        pages((after, call) => listWorkspaceApiTokens({ first: paging.pageSize ?? 100, after, filter }, call), paging),
      ),
    updateWorkspaceTokenPolicy: async (input, call) =>
      (await execute(UpdateWorkspaceTokenPolicyDocument, { input }, call)).updateWorkspaceTokenPolicy,
    listAuditEvents,
    allAuditEvents,
    auditEvents: (paging) => items(allAuditEvents(paging)),
    listWebhookEndpoints: async (call) => [...(await execute(WebhookEndpointsDocument, {}, call)).webhookEndpoints],
    listWebhookDeliveries: async (id, args = {}, call) => {
      const node = (await execute(WebhookDeliveriesDocument, { id, first: args.first ?? null }, call)).node;
      return node?.__typename === 'WebhookEndpoint' ? [...node.deliveries] : null;
    },
    createWebhookEndpoint: async (input, call) =>
      (await execute(CreateWebhookEndpointDocument, { input }, call)).createWebhookEndpoint,
    updateWebhookEndpoint: async (input, call) =>
      (await execute(UpdateWebhookEndpointDocument, { input }, call)).updateWebhookEndpoint,
    deleteWebhookEndpoint: async (id, call) =>
      (await execute(DeleteWebhookEndpointDocument, { input: { id } }, call)).deleteWebhookEndpoint,
    sendTestWebhookEvent: async (id, call) =>
      (await execute(SendTestWebhookEventDocument, { input: { id } }, call)).sendTestWebhookEvent,
    request: (document, ...[variables, call]) => execute(document, (variables ?? {}) as never, call),
  };
}
