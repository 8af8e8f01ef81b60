/**
 * Automatic persisted queries (Apollo's APQ protocol) through yoga's official plugin: a client sends
 * `extensions={"persistedQuery":{"version":1,"sha256Hash":"<sha256 of the document>"}}` alone (a
 * short GET URL that an ETag can then revalidate), is answered PERSISTED_QUERY_NOT_FOUND the first
 * time, sends the document with the hash once, and from then on the hash alone works.
 *
 * Any authenticated caller may register a document (the key is its hash, checked by the plugin, so
 * one cannot be registered under another's hash); running it goes through the scope check like any
 * other. The store is this process's memory: bounded in entries and in document length (a longer
 * document is run but not kept, so its client keeps sending it whole).
 */
import { createInMemoryAPQStore, useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import type { Plugin } from 'graphql-yoga';

export function usePersistedQueries(options: { maxEntries: number; maxDocumentLength: number; ttlSeconds: number }): Plugin {
  const store = createInMemoryAPQStore({ max: options.maxEntries, ttl: options.ttlSeconds * 1000 });
  const capped: APQStore = {
    get: (hash) => store.get(hash),
    set: (hash, document) => (document.length <= options.maxDocumentLength ? store.set(hash, document) : undefined),
  };
  return useAPQ({ store: capped });
}
