// Acting as GitHub's secret scanning partner program: a key pair whose public half
// the test server is configured with (SECRET_SCANNING_PUBLIC_KEYS, as GitHub
// publishes its keys), reports signed with it, and POST /secret-scanning.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface ScanningKeyPair {
  id: string;
  privateKey: KeyObject;
  publicPem: string;
}

export function scanningKeyPair(id: string): ScanningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { id, privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** SECRET_SCANNING_PUBLIC_KEYS for these keys, in the shape GitHub's meta endpoint answers. */
export function publicKeysEnv(...keys: ScanningKeyPair[]): string {
  return JSON.stringify({
    public_keys: keys.map((key, index) => ({ key_identifier: key.id, key: key.publicPem, is_current: index === 0 })),
  });
}

export interface Match {
  token: string;
  type?: string;
  url?: string;
  source?: string;
}

export interface ReportAnswer {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export const TOKEN_TYPE = 'acme_api_token';

/** The body GitHub would send for these matches. */
export function reportBody(matches: Match[]): string {
  return JSON.stringify(matches.map((match) => ({ type: TOKEN_TYPE, url: '', source: 'content', ...match })));
}

export function signature(body: string, key: ScanningKeyPair): string {
  return sign('sha256', Buffer.from(body), { key: key.privateKey, dsaEncoding: 'der' }).toString('base64');
}

/** POSTs `body` to /secret-scanning, signed by `signedBy` (its id in the header) unless null; `headers` override. */
export async function postReport(
  baseUrl: string,
  body: string,
  signedBy: ScanningKeyPair | null,
  headers: Record<string, string> = {},
): Promise<ReportAnswer> {
  const response = await fetch(`${baseUrl}/secret-scanning`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Secret-Scanning/1.0',
      ...(signedBy && {
        'github-public-key-identifier': signedBy.id,
        'github-public-key-signature': signature(body, signedBy),
      }),
      ...headers,
    },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
}
