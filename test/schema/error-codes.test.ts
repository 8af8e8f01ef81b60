/**
 * One table of API error codes (#12): src/errors.ts, the GraphQL enum ErrorCode and the README's
 * "Error codes" table list the same codes, each with when it happens and what the client should do.
 */
import { readFileSync } from 'node:fs';
import { GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { API_ERRORS, ERROR_CODES } from '../../src/errors.js';
import { schema } from '../../src/schema/index.js';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('\n## ', readme.indexOf('### Error codes')));

describe('API error codes are documented in one table (#12)', () => {
  it('the README has one row per code, in the order of src/errors.ts, and no other', () => {
    const rows = section.split('\n').filter((line) => /^\| `[A-Z_]+` \|/.test(line));
    expect(rows).toEqual(Object.entries(API_ERRORS).map(([code, { when, then }]) => `| \`${code}\` | ${when} | ${then} |`));
  });

  it('the GraphQL enum ErrorCode has the same codes and says the same of each', () => {
    const type = schema.getType('ErrorCode');
    expect(type).toBeInstanceOf(GraphQLEnumType);
    const values = (type as GraphQLEnumType).getValues();
    expect(values.map((v) => v.name)).toEqual([...ERROR_CODES].sort());
    for (const value of values) {
      const { when, then } = API_ERRORS[value.name as keyof typeof API_ERRORS];
      expect(value.description).toBe(`${when} ${then}`);
    }
  });
});
