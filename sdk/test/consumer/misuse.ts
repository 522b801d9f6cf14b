// Each line marked MISUSE must fail to compile against the packed SDK's types.
import { ApiTokensDocument, createClient, type CreateApiTokenResult } from '@api-tokens/sdk';
import { TokenNamesDocument } from './src/generated/graphql.js';

const client = createClient({ url: 'http://localhost/graphql', token: 'pat_x' });
createClient({ url: 'http://localhost/graphql' }); // MISUSE: token is required
createClient({ url: 'http://localhost/graphql', token: 'pat_x', trustedDocuments: 'yes' }); // MISUSE: 'auto' | 'always' | 'never'
await client.createApiToken({ name: 42 }); // MISUSE: name is a string
await client.createApiToken({ title: 'ci' }); // MISUSE: unknown field, name missing
await client.listApiTokens({ first: '10' }); // MISUSE: first is a number
await client.revokeApiToken(123); // MISUSE: ids are strings
await client.listAuditEvents({ before: 'x' }); // MISUSE: audit log pages forward only
await client.viewer({ timeoutMs: '5s' }); // MISUSE: milliseconds are numbers
const viewer = await client.viewer();
const plan: 'GOLD' = viewer.workspace.plan; // MISUSE: plans are ENTERPRISE | FREE | TEAM
declare const result: CreateApiTokenResult;
console.log(result.token); // MISUSE: only the success member has the token
await client.request(TokenNamesDocument); // MISUSE: its variables are required
await client.request(TokenNamesDocument, { id: 'one' }); // MISUSE: the variable is ids
const page = await client.request(ApiTokensDocument);
console.log(page.apiTokens.nodes); // MISUSE: a connection has edges, not nodes
void plan;
