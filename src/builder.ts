/** The one Pothos SchemaBuilder: plugins, scalars and the context type. It defines no types. */
import SchemaBuilder from '@pothos/core';
import { DateTimeResolver, JSONResolver, UUIDResolver } from 'graphql-scalars';

/** Per-request state. Dataloaders hang here so that they batch and cache within one request only. */
export interface Context {
  readonly loaders: Map<string, unknown>;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    UUID: { Input: string; Output: string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('UUID', UUIDResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({});
builder.mutationType({});

/** The loader named `key` for this request, created on first use. */
export function loaderFor<T>(context: Context, key: string, create: () => T): T {
  let loader = context.loaders.get(key) as T | undefined;
  if (loader === undefined) {
    loader = create();
    context.loaders.set(key, loader);
  }
  return loader;
}
