// The workloads of issues 5 and 16, as autocannon request lists, and the
// steady-state warm-up (every SDK operation). Each one validates every response
// (status and GraphQL payload) so that "fast" never means "failing".
import { readFileSync } from 'node:fs';
import { checksum, generateToken } from '../server/src/tokens/format.js';

export type WorkloadId = 'W1' | 'W2' | 'W3' | 'W4' | 'W5' | 'W6' | 'W7' | 'W8';

export interface WorkloadTokens {
  /** Token of the user with the listed tokens (10,000 by default). */
  reader: string;
  /** Token of a separate user that W5/W6 write to. */
  writer: string;
  prefix: string;
  /** How many tokens the reader has (W7's walk length). */
  readerTokens?: number;
  /** W8: many users' tokens, used in turn; `next` carries on from row to row (warm-up included). */
  many?: { tokens: string[]; next: number };
}

/** What a single autocannon request looks like (subset of its options). */
export interface BenchRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (request: BenchRequest, context: Record<string, unknown>) => BenchRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface Workload {
  id: WorkloadId;
  title: string;
  /** What one "operation" is when it spans several requests (W6 pairs, W7 walks). */
  unit?: string;
  requests: BenchRequest[];
  /** Responses that did not look right (wrong status, GraphQL errors, wrong result). */
  failures(): number;
  /** Completed multi-request operations (W6 pairs, W7 full walks). */
  operations?(): number;
  /** The first response that failed validation, for the report. */
  sampleFailure(): string | undefined;
}

export const W1_QUERY =
  'query W1 { apiTokens(first: 20) { totalCount edges { cursor node { id name hint createdAt lastUsedAt expiresAt } } pageInfo { hasNextPage endCursor } } }';
const W2_QUERY = 'query W2 { viewer { id email name role workspace { name plan } } }';
const W7_QUERY =
  'query W7($after: String) { apiTokens(first: 100, after: $after) { edges { cursor node { id name hint createdAt lastUsedAt } } pageInfo { hasNextPage endCursor } } }';
const CREATE =
  'mutation Create($name: String!) { createApiToken(input: { name: $name }) { __typename ... on CreateApiTokenSuccess { token apiToken { id name createdAt } } ... on Error { message } } }';
const REVOKE =
  'mutation Revoke($id: ID!) { revokeApiToken(input: { id: $id }) { __typename ... on RevokeApiTokenSuccess { revokedApiTokenId } ... on Error { message } } }';

function post(token: string, query: string, variables?: Record<string, unknown>): BenchRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  };
}

/** A token whose checksum is wrong: rejected offline, never reaches the database. */
export function badChecksumToken(prefix: string): string {
  const token = generateToken(prefix);
  const body = token.slice(0, -6);
  const wrong = checksum(body) === '000000' ? '000001' : '000000';
  return body + wrong;
}

/** A workload's request with the Authorization header replaced. */
function withToken(request: BenchRequest, token: string): BenchRequest {
  return { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } };
}

export function buildWorkload(id: WorkloadId, tokens: WorkloadTokens): Workload {
  let failures = 0;
  let operations = 0;
  let sample: string | undefined;
  const fail = (status?: number, body?: string): void => {
    failures += 1;
    sample ??= `${status ?? '?'} ${(body ?? '').slice(0, 300)}`;
  };
  const okJson = (status: number, body: string): boolean => status === 200 && !body.includes('"errors"');
  switch (id) {
    case 'W1':
      return {
        id,
        title: 'apiTokens(first: 20) + totalCount, 10k-token user',
        requests: [
          {
            ...post(tokens.reader, W1_QUERY),
            onResponse: (status, body) => {
              if (!okJson(status, body) || !body.includes('"totalCount"')) fail(status, body);
            },
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    case 'W2':
      return {
        id,
        title: 'viewer',
        requests: [{ ...post(tokens.reader, W2_QUERY), onResponse: (s, b) => (okJson(s, b) ? undefined : fail(s, b)) }],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    case 'W3':
      return {
        id,
        title: 'bad checksum token (401, no database)',
        requests: [
          {
            ...post(badChecksumToken(tokens.prefix), W2_QUERY),
            onResponse: (s, b) => (s === 401 ? undefined : fail(s, b)),
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    case 'W4':
      return {
        id,
        title: 'well-formed unknown token (401)',
        requests: [
          {
            ...post(generateToken(tokens.prefix), W2_QUERY),
            onResponse: (s, b) => (s === 401 ? undefined : fail(s, b)),
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    case 'W5': {
      let n = 0;
      return {
        id,
        title: 'createApiToken',
        requests: [
          {
            ...post(tokens.writer, CREATE, { name: 'bench' }),
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({ query: CREATE, variables: { name: `bench ${++n}` } }),
            }),
            onResponse: (s, b) => (okJson(s, b) && b.includes('CreateApiTokenSuccess') ? undefined : fail(s, b)),
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    }
    case 'W6':
      return {
        id,
        title: 'createApiToken then revokeApiToken (pairs)',
        unit: 'pairs',
        requests: [
          {
            ...post(tokens.writer, CREATE, { name: 'pair' }),
            onResponse: (s, b, context) => {
              context.id = undefined;
              if (!okJson(s, b) || !b.includes('CreateApiTokenSuccess')) return fail(s, b);
              context.id = (
                JSON.parse(b) as { data: { createApiToken: { apiToken: { id: string } } } }
              ).data.createApiToken.apiToken.id;
            },
          },
          {
            ...post(tokens.writer, REVOKE, { id: 'none' }),
            setupRequest: (request, context) => ({
              ...request,
              body: JSON.stringify({ query: REVOKE, variables: { id: context.id ?? 'none' } }),
            }),
            onResponse: (s, b) => {
              if (!okJson(s, b) || !b.includes('RevokeApiTokenSuccess')) return fail(s, b);
              operations += 1;
            },
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
        operations: () => operations,
      };
    case 'W8': {
      // 10,000 tokens of 1,000 users, each request the next token (all connections
      // share the turn): the first use of each misses the verification cache and
      // is due a last-used write, as when many integrations call at once.
      const many = tokens.many;
      if (!many || many.tokens.length === 0) throw new Error('W8 needs the many-token population (seedManyTokens)');
      return {
        id,
        title: `viewer, ${many.tokens.length.toLocaleString('en-US')} distinct tokens in turn`,
        requests: [
          {
            ...post(many.tokens[0]!, W2_QUERY),
            setupRequest: (request) => withToken(request, many.tokens[many.next++ % many.tokens.length]!),
            onResponse: (s, b) => (okJson(s, b) ? undefined : fail(s, b)),
          },
        ],
        failures: () => failures,
        sampleFailure: () => sample,
      };
    }
    case 'W7': {
      // One request per page: autocannon keeps a connection's `context` only until
      // its request list wraps around, so the list is one whole walk and each
      // entry reads the cursor its predecessor left.
      const pages = Math.max(1, Math.ceil((tokens.readerTokens ?? 10_000) / 100));
      const page = (index: number): BenchRequest => ({
        ...post(tokens.reader, W7_QUERY),
        setupRequest: (request, context) => ({
          ...request,
          body: JSON.stringify({
            query: W7_QUERY,
            variables: { after: (context.after as string | undefined) ?? null },
          }),
        }),
        onResponse: (s, b, context) => {
          if (!okJson(s, b)) return fail(s, b);
          const info = (
            JSON.parse(b) as { data: { apiTokens: { pageInfo: { hasNextPage: boolean; endCursor: string } } } }
          ).data.apiTokens.pageInfo;
          const last = index === pages - 1;
          // The walk must end exactly at its last page.
          if (info.hasNextPage === last)
            return fail(s, `page ${index + 1} of ${pages}: hasNextPage ${info.hasNextPage}`);
          if (last) operations += 1;
          else context.after = info.endCursor;
        },
      });
      return {
        id,
        title: 'page through all tokens, 100 per page',
        unit: 'walks',
        requests: Array.from({ length: pages }, (_, index) => page(index)),
        failures: () => failures,
        sampleFailure: () => sample,
        operations: () => operations,
      };
    }
  }
}

export const ALL_WORKLOADS: WorkloadId[] = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8'];

// ── Steady-state warm-up ────────────────────────────────────────────────────
// The SDK's own documents (its persisted-documents manifest), by operation name.
const SDK_DOCUMENTS = new URL('../sdk/src/generated/persisted-documents.json', import.meta.url);

function sdkDocuments(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(SDK_DOCUMENTS, 'utf8')) as Record<string, string>;
  const byName = new Map<string, string>();
  for (const text of Object.values(manifest)) {
    const name = /\b(?:query|mutation) (\w+)/.exec(text)?.[1];
    if (name) byName.set(name, text);
  }
  return byName;
}

/**
 * The operations a production server has served before anyone measures it: each
 * connection walks create → node → rename → rotate → revoke of a token of its own,
 * then the reads (viewer, list, audit events, the workspace inventory, the revoked
 * history), with the SDK's documents, as the writer (who holds every scope).
 * Reveal (sessions only), canary trips and the webhook and policy operations
 * are left out: an API token is refused the first, the rest are admin settings.
 */
export const WARMUP_OPERATIONS = [
  'CreateApiToken',
  'ApiToken',
  'RenameApiToken',
  'RotateApiToken',
  'RevokeApiToken',
  'Viewer',
  'ApiTokens',
  'AuditEvents',
  'WorkspaceApiTokens',
  'RevokedApiTokens',
] as const;

export interface Warmup {
  requests: BenchRequest[];
  /** Answers per operation, and those that failed validation. */
  served: Record<string, { ok: number; failed: number }>;
  sampleFailure(): string | undefined;
}

export function buildWarmup(tokens: WorkloadTokens): Warmup {
  const documents = sdkDocuments();
  const served: Warmup['served'] = {};
  let sample: string | undefined;
  const variablesFor = (name: (typeof WARMUP_OPERATIONS)[number], context: Record<string, unknown>) => {
    const id = (context.id as string | undefined) ?? 'none';
    switch (name) {
      case 'CreateApiToken':
        return { input: { name: 'warm-up' } };
      case 'ApiToken':
        return { id };
      case 'RenameApiToken':
        return { input: { id, name: 'warm-up renamed' } };
      case 'RotateApiToken':
      case 'RevokeApiToken':
        return { input: { id } };
      default:
        return { first: 20 };
    }
  };
  const requests = WARMUP_OPERATIONS.map((name): BenchRequest => {
    const query = documents.get(name);
    if (!query) throw new Error(`the SDK has no operation ${name}`);
    served[name] = { ok: 0, failed: 0 };
    return {
      ...post(tokens.writer, query, {}),
      setupRequest: (request, context) => ({
        ...request,
        body: JSON.stringify({ query, variables: variablesFor(name, context), operationName: name }),
      }),
      onResponse: (status, body, context) => {
        const mutation = name.endsWith('ApiToken') && name !== 'ApiToken';
        const ok = status === 200 && !body.includes('"errors"') && (!mutation || body.includes('Success"'));
        served[name]![ok ? 'ok' : 'failed'] += 1;
        if (!ok) sample ??= `${name}: ${status} ${body.slice(0, 300)}`;
        if (name === 'CreateApiToken' && ok) {
          context.id = (
            JSON.parse(body) as { data: { createApiToken: { apiToken: { id: string } } } }
          ).data.createApiToken.apiToken.id;
        }
      },
    };
  });
  return { requests, served, sampleFailure: () => sample };
}
