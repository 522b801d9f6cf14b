// Trusted documents (TRUSTED_DOCUMENTS=<manifest.json>): only the operations in
// the manifest run, and clients name them by hash — the persisted-operations
// protocol (`extensions.persistedQuery.sha256Hash`) on GraphQL Yoga's plugin.
// The manifest is graphql-codegen's `persistedDocuments` output,
// { "<sha256 hex of the text>": "<document text>" }; the SDK ships its own as
// sdk/src/generated/persisted-documents.json (@api-tokens/sdk/persisted-documents.json).
//
// Without a manifest every document runs as text, and a hash-only request is
// answered `PersistedQueryNotSupported`: the answer persisted-query clients
// (urql's persistedExchange, the SDK) take as "send the text from now on".
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ConfigError } from '../config.js';

/** The manifest, parsed and checked: hash → document. */
export type TrustedDocuments = ReadonlyMap<string, DocumentNode>;

// graphql's CommonJS build, the one the schema was built with: validate() refuses a
// schema from another copy of the module (a bundler or test runner may hand an
// `import` the ESM build instead).
const { validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const invalid = (problem: string) => new ConfigError('TRUSTED_DOCUMENTS', problem);

/**
 * Reads and checks the manifest at start: every key is the SHA-256 of its text,
 * and every document is valid against this server's schema (a manifest from
 * another version of the API stops the server instead of failing requests).
 */
export function loadTrustedDocuments(path: string, schema: GraphQLSchema): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalid(`must name a readable JSON manifest (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid('must be a JSON object of sha256 hash → document');
  const documents = new Map<string, DocumentNode>();
  for (const [hash, text] of Object.entries(raw)) {
    const entry = `entry ${hash.slice(0, 12)}…`;
    if (typeof text !== 'string' || sha256(text) !== hash)
      throw invalid(`has an ${entry} whose key is not the SHA-256 of its document`);
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      throw invalid(`has an ${entry} that is not GraphQL (${(error as Error).message})`);
    }
    const errors = validate(schema, document);
    if (errors.length > 0)
      throw invalid(`has an ${entry} that does not match this server's schema (${errors[0]!.message})`);
    documents.set(hash, document);
  }
  if (documents.size === 0) throw invalid('names a manifest without any document');
  return documents;
}

function refusal(message: string, code: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** Only the manifest's documents run, named by hash; document text is refused. */
export function trustedDocumentsPlugin(documents: TrustedDocuments): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      // Not "PersistedQueryNotFound": clients take that as "send the text", which this mode refuses too.
      notFound: () =>
        refusal(
          'Unknown trusted document: this server runs only the operations in its manifest, and this hash is not one of them.',
          'PERSISTED_QUERY_NOT_IN_LIST',
        ),
      persistedQueryOnly: () =>
        refusal(
          'This server runs only trusted documents: send the hash of a listed operation (extensions.persistedQuery.sha256Hash), not its text.',
          'TRUSTED_DOCUMENT_REQUIRED',
        ),
      keyNotFound: () =>
        refusal(
          'This server runs only trusted documents: the request names none (extensions.persistedQuery { version: 1, sha256Hash }).',
          'TRUSTED_DOCUMENT_REQUIRED',
        ),
    },
  });
}

/** Without a manifest: hash-only requests are told to send their text instead. */
export const persistedQueriesNotSupported: Plugin = {
  onParams({ params }) {
    if (typeof params.query === 'string' && params.query !== '') return;
    const persisted = (params.extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery;
    if (persisted == null) return;
    // 200: a step of the protocol the client recovers from, not a failure (browsers log 4xx as errors).
    throw createGraphQLError('PersistedQueryNotSupported', {
      extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED', http: { status: 200 } },
    });
  },
};

/** The plugins for a TRUSTED_DOCUMENTS setting: the manifest's (checked now), or the "send text" answer. */
export function trustedDocumentsPlugins(manifestPath: string | undefined, schema: GraphQLSchema): Plugin[] {
  return manifestPath
    ? [trustedDocumentsPlugin(loadTrustedDocuments(manifestPath, schema))]
    : [persistedQueriesNotSupported];
}
