// Each line marked MISUSE must fail to compile against the packed SDK's types.
import { createClient, type CreateApiTokenResult } from '@api-tokens/sdk';

const client = createClient({ url: 'http://localhost/graphql', token: 'pat_x' });
createClient({ url: 'http://localhost/graphql' }); // MISUSE: token is required
await client.createApiToken({ name: 42 }); // MISUSE: name is a string
await client.createApiToken({ title: 'ci' }); // MISUSE: unknown field, name missing
await client.listApiTokens({ first: '10' }); // MISUSE: first is a number
await client.revokeApiToken(123); // MISUSE: ids are strings
await client.auditEvents({ before: 'x' }); // MISUSE: audit log pages forward only
const viewer = await client.viewer();
const plan: 'GOLD' = viewer.workspace.plan; // MISUSE: plans are ENTERPRISE | FREE | TEAM
declare const result: CreateApiTokenResult;
console.log(result.token); // MISUSE: only the success member has the token
void plan;
