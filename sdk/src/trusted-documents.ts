// Sending operations by hash (persisted operations, `extensions.persistedQuery`),
// for servers started with TRUSTED_DOCUMENTS. Every document the SDK exports
// carries its hash (`__meta__.hash`, from codegen's persistedDocuments), the key
// of the same document in @api-tokens/sdk/persisted-documents.json.
import { persistedExchange } from '@urql/exchange-persisted';
import type { DocumentNode } from 'graphql';
import type { Exchange } from '@urql/core';

/**
 * - `'auto'`: send the hash first; a server without trusted documents answers
 *   "PersistedQueryNotSupported" once and every later request sends the text.
 * - `'always'`: send only hashes (the server runs TRUSTED_DOCUMENTS; no fallback).
 * - `'never'`: always send the text.
 */
export type TrustedDocumentsMode = 'auto' | 'always' | 'never';

/** The hash codegen embedded in a document, if it has one (the SDK's documents all do). */
export function documentHash(document: DocumentNode): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash : undefined;
}

/**
 * An urql exchange that sends the SDK's documents by hash. Place it after
 * `cacheExchange` and before `fetchExchange`. Documents without an embedded hash
 * (your own operations) go out as text.
 */
export function trustedDocumentsExchange(mode: Exclude<TrustedDocumentsMode, 'never'> = 'auto'): Exchange {
  return persistedExchange({
    // Hash-only requests are small; POST keeps them out of URLs and access logs all the same.
    preferGetForPersistedQueries: false,
    enforcePersistedQueries: mode === 'always',
    enableForMutation: true,
    generateHash: async (_text, document) => documentHash(document),
  });
}
