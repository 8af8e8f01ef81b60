import type { CodegenConfig } from '@graphql-codegen/cli';

/** graphql-scalars as the client sees them (JSON strings, plain JSON). */
const scalarConfig = {
  strictScalars: true,
  useTypeImports: true,
  enumsAsTypes: true,
  scalars: { DateTime: 'string', UUID: 'string', JSON: 'unknown' },
};

/**
 * Typed clients from the committed schema.graphql: operations written with `graphql(...)` are typed.
 * - test/client/gql: the tests' documents (test/**), for graphql-request.
 * - web/src/gql: the web page's documents (web/src/api/**), as typed strings (`documentMode: 'string'`)
 *   so that the page's fetch client needs no GraphQL runtime in its bundle.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  // ESM: relative imports in the generated files carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'test/client/gql/': {
      documents: ['test/**/*.ts', '!test/client/gql/**'],
      preset: 'client',
      config: scalarConfig,
      presetConfig: { fragmentMasking: false },
    },
    'web/src/gql/': {
      documents: ['web/src/api/**/*.ts'],
      preset: 'client',
      config: { ...scalarConfig, documentMode: 'string' },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
