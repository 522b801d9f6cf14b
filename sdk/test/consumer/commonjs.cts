// A CommonJS consumer: `require('@api-tokens/sdk')` (the package's "require"
// condition), type-checked as CommonJS and run against a live server.
import sdk = require('@api-tokens/sdk');

declare const process: { env: Record<string, string | undefined> };

async function main(): Promise<void> {
  const client = sdk.createClient({ url: process.env.SDK_URL ?? '', token: process.env.SDK_TOKEN ?? '' });
  const viewer = await client.viewer();
  const names: string[] = [];
  for await (const token of client.tokens()) names.push(token.name);
  console.log(JSON.stringify({ email: viewer.email, names, userAgent: sdk.SDK_USER_AGENT }));
}

void main();
