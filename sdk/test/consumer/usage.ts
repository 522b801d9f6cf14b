// A strict consumer of the packed SDK: compiled against its .d.ts, then run
// against a live server, using every method. Prints one JSON line for the test.
import {
  ApiTokensDocument,
  checkToken,
  createClient,
  InvalidTokenError,
  SDK_USER_AGENT,
  trustedDocumentsExchange,
  UnauthenticatedError,
  type ApiToken,
  type ApiTokensQuery,
  type AuditEvent,
  type CreateApiTokenResult,
  type ResponseEvent,
} from '@api-tokens/sdk';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { TokenNamesDocument } from './src/generated/graphql.js';

// The project has no @types/node: the SDK must not need Node's types.
declare const process: { env: Record<string, string | undefined> };

const url = process.env.SDK_URL ?? '';
const token = process.env.SDK_TOKEN ?? '';

// The exported documents carry their result type (what urql's hooks infer from).
const document: TypedDocumentNode<ApiTokensQuery, { first?: number | null }> = ApiTokensDocument;
void document;
void trustedDocumentsExchange('always');

function describeResult(result: CreateApiTokenResult): string {
  switch (result.__typename) {
    case 'CreateApiTokenSuccess':
      return `created ${result.apiToken.name}`;
    case 'ValidationError':
      return `invalid ${result.field ?? ''}`;
    case 'ForbiddenError':
      return `forbidden ${result.message}`;
  }
}

let refused = '';
try {
  createClient({ url, token: 'pat_not-a-token' });
} catch (error) {
  if (error instanceof InvalidTokenError) refused = error.reason;
}

const statuses: number[] = [];
const client = createClient({
  url,
  token,
  userAgent: 'pack-test/1.0',
  timeoutMs: 10_000,
  retry: { maxRetries: 1 },
  onResponse: (event: ResponseEvent) => statuses.push(event.status ?? 0),
});
const viewer = await client.viewer();
const created = await client.createApiToken({ name: 'from the tarball', expiresAt: new Date(Date.now() + 3_600_000) });
if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(describeResult(created));
const id = created.apiToken.id;
const found: ApiToken | null = await client.getApiToken(id);
const firstPage = await client.listApiTokens({ first: 1 });
const pages: string[][] = [];
for await (const page of client.allApiTokens({ pageSize: 1 })) pages.push(page.nodes.map((node) => node.name));
const names: string[] = [];
for await (const item of client.tokens({ pageSize: 1 })) names.push(item.name);
const own = await client.request(TokenNamesDocument, { ids: [id] });

const second = createClient({ url, token: created.token });
await second.viewer();
const revoked = await client.revokeApiToken(id);
let afterRevoke = '';
try {
  await second.viewer();
} catch (error) {
  if (error instanceof UnauthenticatedError) afterRevoke = error.code;
}

const log = await client.listAuditEvents({ first: 10 });
const events: AuditEvent[] = [];
for await (const event of client.auditEvents({ pageSize: 2 })) events.push(event);
let auditPages = 0;
for await (const page of client.allAuditEvents({ pageSize: 2 })) auditPages += page.nodes.length > 0 ? 1 : 0;
const createdEvent = events.find((event) => event.action === 'API_TOKEN_CREATED' && event.apiTokenId === id);

console.log(
  JSON.stringify({
    email: viewer.email,
    result: describeResult(created),
    found: found?.name ?? null,
    firstPage: firstPage.nodes.map((node) => node.name),
    pages,
    names,
    own: own.nodes.map((node) => (node && 'name' in node ? node.name : null)),
    revoked: revoked.__typename,
    gone: await client.getApiToken(id),
    afterRevoke,
    logCount: log.totalCount,
    events: events.map((event) => event.action),
    auditPages,
    userAgent: createdEvent?.userAgent,
    sdkUserAgent: SDK_USER_AGENT,
    statuses: [...new Set(statuses)],
    refused,
    offline: checkToken(created.token).ok,
  }),
);
