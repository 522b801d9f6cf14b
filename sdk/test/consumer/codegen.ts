import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The schema ships with the SDK, matching the documents it was built from.
  schema: 'node_modules/@api-tokens/sdk/dist/schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string' }, // ISO 8601, as the SDK's own types
        strictScalars: true,
        enumType: 'string-literal',
        useTypeImports: true,
        emitLegacyCommonJSImports: false, // `./graphql.js` imports, for NodeNext projects
      },
    },
  },
};

export default config;
