/**
 * The data version: a counter of this process, moved by every write that can change an answer of the
 * read API — records ingested (ingestion/ingest.ts), a session deleted (privacy/delete.ts), records
 * purged (privacy/purge.ts), alert states evaluated (alerts/evaluate-alerts.ts), silences created or
 * expired (alerts/silences.ts). An answer cached under an older version is never served again
 * (src/server/use-query-cache.ts).
 *
 * It is cheap (a number in memory) and it sees this process only: a write by another process on the
 * same database (`npm run purge`, a second server) does not move it, which is why a cached answer
 * also expires after QUERY_CACHE_SECONDS.
 */
let version = 0;

export function dataVersion(): number {
  return version;
}

/** Called after a write that changed stored data has committed. */
export function markDataChanged(): void {
  version += 1;
}
