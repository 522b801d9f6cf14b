// Trusted-documents mode (TRUSTED_DOCUMENTS=<manifest.json>): only the operations
// the SDK ships run. The manifest maps sha256(print(document)) → printed document
// and is generated from the SDK's typed documents (`trustedDocumentsManifest`).
// Clients send the full text (as the SDK does); it is normalised (parse + print)
// and looked up by hash. Anything else is a 400. (Sending only a hash is not
// supported yet: Yoga's parameter check wants a `query` before plugins see it.)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print, type DocumentNode } from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ConfigError } from '../config.js';

export type TrustedDocuments = ReadonlyMap<string, string>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The manifest for a set of documents: { "<sha256 hex>": "<printed document>" }. */
export function trustedDocumentsManifest(documents: readonly DocumentNode[]): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const document of documents) {
    const text = print(document);
    manifest[sha256(text)] = text;
  }
  return manifest;
}

export function loadTrustedDocuments(path: string): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError('TRUSTED_DOCUMENTS', `must name a readable JSON manifest (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('TRUSTED_DOCUMENTS', 'must be a JSON object of hash → document');
  const documents = new Map<string, string>();
  for (const [hash, text] of Object.entries(raw)) {
    if (typeof text !== 'string' || sha256(print(parse(text))) !== hash) {
      throw new ConfigError('TRUSTED_DOCUMENTS', `has an entry whose hash does not match its document (${hash.slice(0, 12)}…)`);
    }
    documents.set(hash, text);
  }
  return documents;
}

function untrusted(message: string) {
  return createGraphQLError(message, { extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 400 } } });
}

export function trustedDocumentsPlugin(documents: TrustedDocuments): Plugin {
  const normalised = new Map<string, boolean>(); // query text → trusted, bounded cache
  return {
    onParams({ params }) {
      const query = params.query;
      if (typeof query !== 'string') throw untrusted('Send the text of an SDK operation (trusted documents mode).');
      let trusted = normalised.get(query);
      if (trusted === undefined) {
        try {
          trusted = documents.has(sha256(print(parse(query))));
        } catch {
          trusted = false;
        }
        if (normalised.size > 1_000) normalised.clear();
        normalised.set(query, trusted);
      }
      if (!trusted) throw untrusted('This server only runs the operations its SDK ships (trusted documents mode).');
    },
  };
}
