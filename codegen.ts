import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed client documents for the tests (and any TypeScript client): operations written with
 * `graphql(...)` from test/client/gql are typed from the committed schema.graphql.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', '!test/client/gql/**'],
  ignoreNoDocuments: true,
  // ESM: relative imports in the generated files carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/client/gql/': {
      preset: 'client',
      config: {
        strictScalars: true,
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', UUID: 'string', JSON: 'unknown' },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
