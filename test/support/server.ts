// A real server on a random port over a real database, plus helpers to make
// workspaces, users and tokens and to send GraphQL requests like a client would.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { loadConfig, type Config } from '../../server/src/config.js';
import type { Clock } from '../../server/src/clock.js';
import type { ApiTokenScope, Plan, Role } from '../../server/src/generated/prisma/client.js';
import { createLogger, type Logger } from '../../server/src/logger.js';
import { startServer, type StartedServer } from '../../server/src/runtime.js';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';
import { executeOperation, rawGraphQL, type GraphQLResponse, type OperationArgs } from './graphql.js';

export type { GraphQLResponse } from './graphql.js';

export interface TestServer {
  url: string;
  config: Config;
  started: StartedServer;
  /** POST /graphql with a typed operation (graphql(`…`) from test/generated): `{ variables, token, headers }`. */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    ...options: OperationArgs<TVariables>
  ): Promise<GraphQLResponse<TData>>;
  /** POST /graphql with any text, untyped: only for documents a valid client would not send (see rawGraphQL). */
  rawGql(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<any>>;
  stop(): Promise<void>;
}

export async function startTestServer(
  database: Pick<TestDatabase, 'db'>,
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    logger?: Logger;
    /** Webhook delivery's jitter (0 ≤ x < 1); pin it for exact retry times. */
    random?: () => number;
  } = {},
): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://api.example.test',
    ...options.env,
  });
  const started = await startServer({
    config,
    logger: options.logger ?? createLogger(config.logLevel),
    db: database.db,
    clock: options.clock,
    ...(options.random && { random: options.random }),
  });
  const url = started.http.url;
  const rawGql: TestServer['rawGql'] = (query, variables, token, headers) =>
    rawGraphQL(url, query, variables, { token, headers });
  return {
    url,
    config,
    started,
    execute: (document, ...options) => executeOperation(url, document, ...options),
    rawGql,
    stop: () => started.stop(),
  };
}

let counter = 0;

export interface Fixture {
  workspaceId: string;
  userId: string;
  email: string;
  /** A ready token for the user (created through the service, like the CLI does). */
  token: string;
  tokenId: string;
}

/** A fresh workspace with one user and one token. Unique per call, so tests never collide. */
export async function createUserWithToken(
  server: TestServer,
  options: {
    plan?: Plan;
    role?: Role;
    auditLogs?: boolean;
    workspaceId?: string;
    /** The fixture token's scopes (default: all its role may hold). */
    scopes?: ApiTokenScope[];
    expiresAt?: Date;
  } = {},
): Promise<Fixture> {
  const prisma = server.started.db.prisma;
  counter += 1;
  const tag = `${process.pid}-${Date.now().toString(36)}-${counter}`;
  const workspaceId =
    options.workspaceId ??
    (
      await prisma.workspace.create({
        data: { name: `ws ${tag}`, plan: options.plan ?? 'ENTERPRISE', auditLogsEnabled: options.auditLogs ?? false },
      })
    ).id;
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } });
  const role = options.role ?? 'ADMIN';
  const user = await prisma.user.create({
    // Created as MEMBER so a token can be issued even for a watch-only user, then demoted.
    data: {
      email: `user-${tag}@example.test`,
      name: `User ${tag}`,
      role: role === 'WATCH_ONLY' ? 'MEMBER' : role,
      workspaceId,
    },
  });
  const { apiToken, token } = await server.started.app.tokens.create(
    { userId: user.id, email: user.email, role: user.role, workspaceId, auditLogsEnabled: workspace.auditLogsEnabled },
    { name: 'fixture token', scopes: options.scopes ?? null, expiresAt: options.expiresAt ?? null },
    { ip: null, userAgent: 'test fixture' },
  );
  if (role === 'WATCH_ONLY') await prisma.user.update({ where: { id: user.id }, data: { role } });
  return { workspaceId, userId: user.id, email: user.email, token, tokenId: apiToken.id };
}

/**
 * Declares beforeAll/afterAll hooks that give the test file one database and one
 * server, torn down afterwards. Read `.server` / `.database` inside tests.
 */
export function useTestServer(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    database?: Parameters<typeof createTestDatabase>[0];
    random?: () => number;
  } = {},
): { readonly server: TestServer; readonly database: TestDatabase } {
  const state = {} as { server: TestServer; database: TestDatabase };
  beforeAll(async () => {
    state.database = await createTestDatabase(options.database);
    state.server = await startTestServer(state.database, options);
  });
  afterAll(async () => {
    await state.server?.stop();
    await state.database?.drop();
  });
  return state;
}
