/**
 * The answer cache's own rules (#13), with a fake clock and version: stale by version, by age, and
 * bounded in size (least recently used first). No database is involved.
 */
import { describe, expect, it } from 'vitest';
import { createAnswerCache } from '../../src/caching/answer-cache.js';

function fixture(maxBytes = 1000) {
  const state = { now: 0, version: 1 };
  const cache = createAnswerCache<string>({ ttlMs: 60_000, maxBytes, version: () => state.version, clock: () => state.now });
  return { state, cache };
}

describe('createAnswerCache (#13)', () => {
  it('serves an answer until the data version moves', () => {
    const { state, cache } = fixture();
    cache.set('a', 'answer', 1, 10);
    expect(cache.get('a')).toBe('answer');
    state.version = 2;
    expect(cache.get('a')).toBeUndefined();
    // An answer computed while the version moved is not kept.
    cache.set('b', 'late', 1, 10);
    expect(cache.get('b')).toBeUndefined();
  });

  it('serves an answer for less than ttlMs', () => {
    const { state, cache } = fixture();
    cache.set('a', 'answer', 1, 10);
    state.now = 59_999;
    expect(cache.get('a')).toBe('answer');
    state.now = 60_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the least recently used answers past maxBytes, and keeps none over an eighth of it', () => {
    const { cache } = fixture(1000);
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) cache.set(key, key, 1, 125);
    expect(cache.size).toBe(8);
    expect(cache.get('a')).toBe('a'); // now the most recently used
    cache.set('i', 'i', 1, 125);
    expect(cache.size).toBe(8);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('a');
    cache.set('huge', 'huge', 1, 126);
    expect(cache.get('huge')).toBeUndefined();
  });
});
