/**
 * Issue #11, item 15: introspection was open in production to every caller, INGEST tokens included
 * (one ships in every CLI install). It is for READ and ADMIN tokens, and the open loopback server.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createToken, type Scope } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';

const ask = async (query: string, token?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await yoga.fetch('http://caro.localhost/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
};

const SCHEMA = '{ __schema { queryType { name } } }';
const TYPE = '{ __type(name: "TelemetryEventInput") { name } }';

describe('introspection is for READ and ADMIN only (#11)', () => {
  it('the open loopback server (no token defined) answers it', async () => {
    expect((await ask(SCHEMA)).body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  describe('with tokens', () => {
    const secrets = {} as Record<Scope, string>;
    beforeAll(async () => {
      for (const scope of ['INGEST', 'READ', 'ADMIN'] as const) secrets[scope] = (await createToken(db.prisma, { name: `introspect-${scope}`, scope })).secret;
    });

    it.each([SCHEMA, TYPE])('an INGEST token gets 403 FORBIDDEN for %s', async (query) => {
      const answer = await ask(query, secrets.INGEST);
      expect([answer.status, answer.codes, answer.body.data]).toEqual([403, ['FORBIDDEN'], undefined]);
    });

    it('an INGEST token still gets __typename', async () => {
      expect((await ask('{ __typename }', secrets.INGEST)).body).toEqual({ data: { __typename: 'Query' } });
    });

    it.each(['READ', 'ADMIN'] as const)('a %s token gets the schema', async (scope) => {
      expect((await ask(TYPE, secrets[scope])).body).toEqual({ data: { __type: { name: 'TelemetryEventInput' } } });
    });
  });
});
