// `pnpm generate:sdk`: the committed schema + the SDK's operations → typed
// documents and the trusted-documents manifest in sdk/src/generated. Codegen
// validates every operation against the schema and exits non-zero when one no
// longer matches, so CI catches drift.
import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform, type ClientPresetConfig } from '@graphql-codegen/client-preset';

// Options the SDK's documents are typed with.
const sdkTypes = {
  // The server serialises DateTime as an ISO 8601 string; an unknown scalar is an error, not `any`.
  scalars: { DateTime: 'string' },
  strictScalars: true,
  // String unions rather than TS enums: no runtime code, nothing for bundlers to keep.
  enumType: 'string-literal',
  useTypeImports: true,
  immutableTypes: true,
  avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
  // Relative imports with their `.js`, as NodeNext ESM requires.
  emitLegacyCommonJSImports: false,
};

const sdkPreset: ClientPresetConfig = {
  // Result types are plain objects (ApiTokenFieldsFragment is what a list returns), not masked fragment references.
  fragmentMasking: false,
  // The SDK exports graphql.ts itself; gql.ts's `graphql()` is for operations written in TypeScript.
  skipIndexFile: true,
  // persisted-documents.json (the TRUSTED_DOCUMENTS manifest) and `__meta__.hash` on every
  // document. A bare hex SHA-256 of the stored text: what `extensions.persistedQuery.sha256Hash`
  // carries, and what the server recomputes when it loads the manifest.
  persistedDocuments: { hashAlgorithm: (text: string) => createHash('sha256').update(text).digest('hex') },
};

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  // An empty document glob is a mistake, not "nothing to do".
  ignoreNoDocuments: false,
  generates: {
    // The SDK: typed documents (graphql.ts) and the manifest of trusted documents.
    'sdk/src/generated/': {
      documents: ['sdk/src/operations/*.graphql'],
      preset: 'client',
      presetConfig: sdkPreset,
      // Documents go out (and into the manifest) with `__typename` on every selection, as
      // urql's cacheExchange would send them, so its cache can tell which results a mutation touches.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: sdkTypes,
    },
    // The end-to-end tests' operations, written inline as graphql(`…`) in test/**/*.ts,
    // become TypedDocumentNodes (results and variables typed) in test/generated. The
    // SDK's operations above are loaded here too (root `documents`), so test
    // operations need names of their own. Deliberately invalid documents are plain
    // strings sent through the raw helper, never graphql(`…`).
    'test/generated/': {
      preset: 'client',
      documents: ['test/**/*.ts', '!test/generated/**', '!test/node_modules/**'],
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        scalars: { DateTime: 'string' },
        strictScalars: true,
        enumType: 'string-literal',
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        // `./graphql.js`, as NodeNext module resolution requires.
        emitLegacyCommonJSImports: false,
      },
    },
  },
};

export default config;
