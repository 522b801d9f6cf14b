// A strict consumer of the packed SDK: compiled against its .d.ts, then run
// against a live server. Prints one JSON line for the test to check.
import {
  ApiTokensDocument,
  createClient,
  InvalidTokenError,
  UnauthenticatedError,
  type ApiTokensQuery,
  type CreateApiTokenResult,
} from '@api-tokens/sdk';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

// The project has no @types/node: the SDK must not need Node's types.
declare const process: { env: Record<string, string | undefined> };

const url = process.env.SDK_URL ?? '';
const token = process.env.SDK_TOKEN ?? '';

// The exported documents carry their result type (what urql's hooks infer from).
const document: TypedDocumentNode<ApiTokensQuery, { first?: number | null }> = ApiTokensDocument;
void document;

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

const client = createClient({ url, token });
const viewer = await client.viewer();
const created = await client.createApiToken({ name: 'from the tarball', expiresAt: new Date(Date.now() + 3_600_000) });
if (created.__typename !== 'CreateApiTokenSuccess') throw new Error(describeResult(created));
const names: string[] = [];
for await (const page of client.allApiTokens({ pageSize: 1 })) names.push(...page.nodes.map((node) => node.name));

const second = createClient({ url, token: created.token });
await second.viewer();
const revoked = await client.revokeApiToken(created.apiToken.id);
let afterRevoke = '';
try {
  await second.viewer();
} catch (error) {
  if (error instanceof UnauthenticatedError) afterRevoke = error.code;
}

console.log(JSON.stringify({ email: viewer.email, result: describeResult(created), names, revoked: revoked.__typename, afterRevoke, refused }));
