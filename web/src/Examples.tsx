// How to use a token: the Authorization header, a cURL command and the typed
// SDK. With the value (just created or revealed) the header and cURL are ready
// to copy; without it they hold a placeholder. The SDK snippet reads the token
// from the environment either way, where a secret belongs in code.
import { CopyField } from './CopyField.js';

export const PLACEHOLDER = '<your token>';

const graphqlUrl = () => new URL('/graphql', window.location.origin).toString();

export function curlCommand(token: string, url = graphqlUrl()): string {
  return [
    `curl -X POST ${url} \\`,
    `  -H 'Authorization: Bearer ${token}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{"query":"{ viewer { email } }"}'`,
  ].join('\n');
}

export function sdkSnippet(url = graphqlUrl()): string {
  return [
    `import { createClient } from '@api-tokens/sdk';`,
    ``,
    `// API_TOKEN holds the token; keep it out of your source code.`,
    `const api = createClient({ url: '${url}', token: process.env.API_TOKEN! });`,
    `const viewer = await api.viewer();`,
    `console.log(viewer.email);`,
  ].join('\n');
}

/**
 * `header` and `curl` as the server wrote them when it has (create, reveal);
 * otherwise built here around `token` or the placeholder.
 */
export function Examples({
  token,
  header,
  curl,
  testIdPrefix,
  onCopied,
}: {
  token: string | null;
  onCopied?: () => void;
  header?: string;
  curl?: string;
  testIdPrefix: string;
}) {
  const value = token ?? PLACEHOLDER;
  // The server's cURL names its PUBLIC_URL; the SDK snippet then names the same.
  const url = (curl && /^curl -X POST (\S+)/.exec(curl)?.[1]) || graphqlUrl();
  return (
    <div className="examples">
      <CopyField
        label="Authorization header"
        value={header ?? `Authorization: Bearer ${value}`}
        buttonLabel="Copy header"
        testId={`${testIdPrefix}-header`}
        onCopied={onCopied}
      />
      <CopyField
        label="Example: call the API with cURL"
        value={curl ?? curlCommand(value)}
        buttonLabel="Copy cURL command"
        multiline
        testId={`${testIdPrefix}-curl`}
        onCopied={onCopied}
      />
      <CopyField
        label="Example: the typed TypeScript SDK"
        value={sdkSnippet(url)}
        buttonLabel="Copy SDK example"
        multiline
        testId={`${testIdPrefix}-sdk`}
      />
    </div>
  );
}
