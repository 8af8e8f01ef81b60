/**
 * The tests read the specification from docs/METRICS.md, a copy vendored because CI runs on a clean
 * clone where ../shared does not exist. Beside ../shared/METRICS.md (the coordinator's machine), the
 * copy must be the same bytes: after the spec changes, `cp ../shared/METRICS.md docs/METRICS.md`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueIds, catalogueRows, catalogueSegments, SHARED_SPEC, sharedSpecExists, VENDORED_SPEC } from '../support/metrics-spec.js';

describe('docs/METRICS.md, the vendored spec', () => {
  it.skipIf(!sharedSpecExists())(
    `is byte-identical to ../shared/METRICS.md (skipped where no ../shared/METRICS.md sits beside the clone, as on CI)`,
    () => {
      expect(readFileSync(VENDORED_SPEC).equals(readFileSync(SHARED_SPEC)), 'run `cp ../shared/METRICS.md docs/METRICS.md`').toBe(true);
    },
  );

  it('§4 lists 60 metric ids, each once, in snake_case, in tables whose first column is the id', () => {
    const ids = catalogueIds();
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(ids.filter((id) => !/^[a-z][a-z0-9_]*$/.test(id))).toEqual([]);
    // One row per metric, but for the families that share a definition.
    expect(catalogueRows().filter((row) => row.ids.length > 1).map((row) => row.ids[0])).toEqual(['latency_p50', 'memory_mb_avg', 'github_stars']);
  });

  it('§4 segments: a family row gives each of its ids the row’s dimensions; `—` and blanks list none', () => {
    const segments = catalogueSegments();
    expect(segments.latency_p99).toEqual(['backend', 'platform']);
    expect(segments.cpu_percent_avg).toEqual(['backend', 'model']);
    expect(segments).not.toHaveProperty('backend_share');
    expect(segments).not.toHaveProperty('mau_ratio');
    expect(segments).not.toHaveProperty('wau_high_satisfaction');
  });
});
