/**
 * Runs before each test file of the `unit` project (`*.unit.test.ts`), which gets no database:
 * importing src/db.ts, even through another module, fails the file with a message saying so.
 */
import { vi } from 'vitest';

process.env.NODE_ENV = 'test';

vi.mock('../../src/db.js', () => {
  throw new Error('a *.unit.test.ts file gets no database, yet it imports src/db.ts: rename it to *.test.ts');
});
