/**
 * GraphQL-over-HTTP conformance (#6): the audit suite of the `graphql-http` package run against the
 * server, with the plugins of this issue in place (limits, authentication, scopes): every MUST
 * passes, open on loopback and with a token. SHOULD and MAY results are listed, not required.
 */
import { serverAudits } from 'graphql-http';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createToken } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';

const URL = 'http://caro.localhost/graphql';

function auditsWith(headers: () => Record<string, string>) {
  return serverAudits({
    url: URL,
    fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) => {
      const merged = new Headers(init.headers);
      for (const [name, value] of Object.entries(headers())) merged.set(name, value);
      return yoga.fetch(input as string, { ...init, headers: merged });
    },
  });
}

function runAudits(label: string, headers: () => Record<string, string>) {
  const audits = auditsWith(headers);
  const musts = audits.filter((audit) => audit.name.startsWith('MUST'));

  it(`${label}: the suite has its MUST audits`, () => {
    expect(musts.length).toBeGreaterThan(10);
  });

  it.each(musts.map((audit) => [audit.name, audit] as const))(`${label}: %s`, async (_, audit) => {
    const result = await audit.fn();
    expect(result.status, 'reason' in result ? `${result.reason}\n${JSON.stringify(result.response ?? '')}` : '').toBe('ok');
  });

  it(`${label}: SHOULD and MAY audits (reported only)`, async () => {
    const others = audits.filter((audit) => !audit.name.startsWith('MUST'));
    const results = await Promise.all(others.map((audit) => audit.fn()));
    const failed = results.filter((r) => r.status !== 'ok').map((r) => r.name);
    console.info(`${label}: ${results.length - failed.length}/${results.length} SHOULD/MAY audits pass${failed.length ? `; not: ${failed.join(' | ')}` : ''}`);
  });
}

describe('graphql-http server audits, open loopback server (#6)', () => {
  runAudits('open', () => ({}));
});

describe('graphql-http server audits, with a READ token (#6)', () => {
  let secret = '';
  beforeAll(async () => {
    secret = (await createToken(db.prisma, { name: 'audit', scope: 'READ' })).secret;
  });
  runAudits('token', () => ({ authorization: `Bearer ${secret}` }));
});
