// Type-level tests: results and variables are exactly the generated types, and
// misuse fails to compile. (Checked by `tsc` in `pnpm typecheck`; vitest runs
// them as plain assertions.)
import { describe, expectTypeOf, it } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  type ApiTokenFilter,
  type ApiTokenScope,
  ApiTokensDocument,
  createClient,
  CreateApiTokenDocument,
  type ApiToken,
  type ApiTokensClient,
  type ApiTokensError,
  type CallOptions,
  type ApiTokensQuery,
  type ApiTokensQueryVariables,
  type AuditEvent,
  type CreateApiTokenMutation,
  type CreateApiTokenMutationVariables,
  type CreateApiTokenResult,
  type Page,
  type RevokeApiTokenResult,
  type RotateApiTokenArgs,
  type RotateApiTokenResult,
  type Viewer,
  type WorkspaceApiToken,
} from '../src/index.js';

describe('types', () => {
  it('methods return exactly typed results', () => {
    expectTypeOf<ApiTokensClient['viewer']>().returns.resolves.toEqualTypeOf<Viewer>();
    expectTypeOf<Viewer['role']>().toEqualTypeOf<'ADMIN' | 'MEMBER' | 'WATCH_ONLY'>();
    expectTypeOf<Viewer['workspace']['plan']>().toEqualTypeOf<'ENTERPRISE' | 'FREE' | 'TEAM'>();
    expectTypeOf<ApiTokensClient['listApiTokens']>().returns.resolves.toEqualTypeOf<Page<ApiToken>>();
    expectTypeOf<ApiTokensClient['listAuditEvents']>().returns.resolves.toEqualTypeOf<Page<AuditEvent>>();
    expectTypeOf<ApiTokensClient['getApiToken']>().returns.resolves.toEqualTypeOf<ApiToken | null>();
    expectTypeOf<ApiTokensClient['tokens']>().returns.toEqualTypeOf<AsyncGenerator<ApiToken, void, undefined>>();
    expectTypeOf<ApiTokensClient['auditEvents']>().returns.toEqualTypeOf<AsyncGenerator<AuditEvent, void, undefined>>();
    expectTypeOf<ApiTokensClient['allAuditEvents']>().returns.toEqualTypeOf<
      AsyncGenerator<Page<AuditEvent>, void, undefined>
    >();
    expectTypeOf<ApiToken>().toEqualTypeOf<{
      readonly __typename: 'ApiToken';
      readonly id: string;
      readonly name: string;
      readonly hint: string;
      readonly createdAt: string;
      readonly lastUsedAt: string | null;
      readonly expiresAt: string | null;
      readonly status: 'ACTIVE' | 'EXPIRED' | 'SUSPENDED';
      readonly suspendedReason: string | null;
      readonly lastUsedIp: string | null;
      readonly lastUsedUserAgent: string | null;
      readonly revealable: boolean;
      readonly scopes: ReadonlyArray<'TOKENS_READ' | 'TOKENS_WRITE' | 'AUDIT_READ' | 'WORKSPACE_ADMIN'>;
      readonly rotatedAt: string | null;
      readonly previousSecretExpiresAt: string | null;
      readonly previousSecretLastUsedAt: string | null;
      readonly canary: boolean;
      readonly canaryTripCount: number;
      readonly inactivityRevokeAt: string | null;
      readonly exceedsMaxLifetime: boolean;
    }>();
    expectTypeOf<ApiTokensClient['listWorkspaceApiTokens']>().returns.resolves.toEqualTypeOf<Page<WorkspaceApiToken>>();
    expectTypeOf<ApiTokensClient['workspaceApiTokens']>().returns.toEqualTypeOf<
      AsyncGenerator<WorkspaceApiToken, void, undefined>
    >();
    expectTypeOf<WorkspaceApiToken['owner']>().toEqualTypeOf<{
      readonly __typename: 'User';
      readonly id: string;
      readonly name: string;
      readonly email: string;
      readonly role: 'ADMIN' | 'MEMBER' | 'WATCH_ONLY';
    }>();
    expectTypeOf<Viewer['workspace']['tokenPolicy']['maxLifetimeDays']>().toEqualTypeOf<number | null>();
    expectTypeOf<AuditEvent['action']>().toEqualTypeOf<
      | 'API_TOKEN_CREATED'
      | 'API_TOKEN_REVOKED'
      | 'API_TOKEN_RENAMED'
      | 'API_TOKEN_REVEALED'
      | 'TOKEN_POLICY_UPDATED'
      | 'API_TOKEN_ROTATED'
      | 'API_TOKEN_LEAKED'
      | 'API_TOKEN_CANARY_TRIGGERED'
      | 'WEBHOOK_ENDPOINT_CREATED'
      | 'WEBHOOK_ENDPOINT_UPDATED'
      | 'WEBHOOK_ENDPOINT_DELETED'
    >();
  });

  it('business results are discriminated unions on __typename', () => {
    expectTypeOf<CreateApiTokenResult['__typename']>().toEqualTypeOf<
      'CreateApiTokenSuccess' | 'ForbiddenError' | 'ValidationError'
    >();
    expectTypeOf<RevokeApiTokenResult['__typename']>().toEqualTypeOf<
      'RevokeApiTokenSuccess' | 'NotFoundError' | 'ForbiddenError'
    >();
    const narrow = (result: CreateApiTokenResult) => {
      if (result.__typename === 'CreateApiTokenSuccess') expectTypeOf(result.token).toEqualTypeOf<string>();
      if (result.__typename === 'ValidationError') expectTypeOf(result.field).toEqualTypeOf<string | null>();
      // @ts-expect-error the secret exists only on the success member
      if (result.__typename === 'ForbiddenError') void result.token;
    };
    void narrow;
  });

  it('variables are exactly typed', () => {
    expectTypeOf<ApiTokensClient['createApiToken']>().parameter(0).toEqualTypeOf<
      {
        readonly canary?: boolean | null | undefined;
        readonly name: string;
        readonly scopes?: ReadonlyArray<ApiTokenScope> | null | undefined;
      } & { readonly expiresAt?: string | Date | null }
    >();
    expectTypeOf<ApiTokensClient['rotateApiToken']>().parameters.toEqualTypeOf<
      [id: string, args?: RotateApiTokenArgs, options?: CallOptions]
    >();
    expectTypeOf<RotateApiTokenResult['__typename']>().toEqualTypeOf<
      'RotateApiTokenSuccess' | 'ValidationError' | 'NotFoundError' | 'ForbiddenError'
    >();
    expectTypeOf<ApiTokensClient['revokeApiToken']>().parameters.toEqualTypeOf<[id: string, options?: CallOptions]>();
    expectTypeOf<ApiTokensQueryVariables>().toEqualTypeOf<{
      first?: number | null | undefined;
      after?: string | null | undefined;
      last?: number | null | undefined;
      before?: string | null | undefined;
      filter?: ApiTokenFilter | null | undefined;
    }>();
    const client = {} as ApiTokensClient;
    const misuse = () => {
      // @ts-expect-error name must be a string
      void client.createApiToken({ name: 42 });
      // @ts-expect-error name is required
      void client.createApiToken({ expiresAt: '2030-01-01T00:00:00.000Z' });
      // @ts-expect-error page sizes are numbers
      void client.listApiTokens({ first: '10' });
      // @ts-expect-error the audit log pages forward only
      void client.listAuditEvents({ last: 5 });
      // @ts-expect-error request() needs the variables its document requires
      void client.request(CreateApiTokenDocument);
      // @ts-expect-error … of the right types
      void client.request(CreateApiTokenDocument, { input: { name: 1 } });
    };
    void misuse;
  });

  it('exports typed documents for urql hooks and other clients', () => {
    expectTypeOf(ApiTokensDocument).toEqualTypeOf<TypedDocumentNode<ApiTokensQuery, ApiTokensQueryVariables>>();
    expectTypeOf(CreateApiTokenDocument).toEqualTypeOf<
      TypedDocumentNode<CreateApiTokenMutation, CreateApiTokenMutationVariables>
    >();
    expectTypeOf(createClient).returns.toEqualTypeOf<ApiTokensClient>();
    // request() answers with the document's result type.
    const typed = (client: ApiTokensClient) =>
      expectTypeOf(client.request(ApiTokensDocument, { first: 1 })).resolves.toEqualTypeOf<ApiTokensQuery>();
    void typed;
    expectTypeOf<ApiTokensError['code']>().toEqualTypeOf<string>();
  });
});
