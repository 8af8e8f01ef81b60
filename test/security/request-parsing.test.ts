/**
 * Issue #11, items 10, 12, 13 (NUL), 14 and 16 (gzip): every malformed request is a 4xx with a stable
 * code and a message that quotes nothing of what was sent; none is a 500 with a stack trace.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { env } from '../../src/env.js';
import { MAX_MESSAGE_LENGTH } from '../../src/server/use-error-answers.js';
import { yoga } from '../../src/yoga.js';
import { countRows } from '../support/ingestion.js';
import { event } from '../support/records.js';

const URL = 'http://caro.localhost/graphql';
const INGEST = 'mutation($e: [TelemetryEventInput!]!) { ingestEvents(events: $e) { accepted } }';

interface Answer {
  status: number;
  text: string;
  codes: (string | undefined)[];
  messages: string[];
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: { errors?: { message: string; extensions?: { code?: string } }[] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // status only
  }
  return { status: response.status, text, codes: (body.errors ?? []).map((e) => e.extensions?.code), messages: (body.errors ?? []).map((e) => e.message) };
}

const post = async (body: BodyInit, headers: Record<string, string> = {}) =>
  answerOf(await yoga.fetch(URL, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, duplex: 'half' } as RequestInit));

/** A body streamed without Content-Length (chunked), optionally failing after its chunks. */
function stream(chunks: string[], failAtEnd = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else if (failAtEnd) controller.error(new Error('connection reset by peer'));
      else controller.close();
    },
  });
}

describe('malformed requests are 400 BAD_REQUEST, never 500 (#11 item 10)', () => {
  it('malformed GET variables (the probe’s %7Bx)', async () => {
    const answer = await answerOf(await yoga.fetch(`${URL}?query=%7B__typename%7D&variables=%7Bx`));
    expect([answer.status, answer.codes]).toEqual([400, ['BAD_REQUEST']]);
    expect(answer.messages).toEqual(['The variables parameter is not valid JSON']);
  });

  it('malformed GET extensions', async () => {
    const answer = await answerOf(await yoga.fetch(`${URL}?query=%7B__typename%7D&extensions=nope`));
    expect([answer.status, answer.codes]).toEqual([400, ['BAD_REQUEST']]);
  });

  it('a truncated chunked JSON body', async () => {
    const answer = await post(stream(['{"query":"mutation($e: [TelemetryEventInput!]!) { ingestEv', 'ents(events: $e) { accep']));
    expect([answer.status, answer.codes, answer.messages]).toEqual([400, ['BAD_REQUEST'], ['The request body is not valid JSON']]);
  });

  it('a chunked body the client stops sending half-way', async () => {
    const answer = await post(stream(['{"query":"{ __typ'], true));
    expect([answer.status, answer.codes, answer.messages]).toEqual([400, ['BAD_REQUEST'], ['The request body could not be read in full']]);
  });

  it.each([['[]'], ['null'], ['"text"'], ['']])('a JSON body that is not an object: %s', async (body) => {
    expect((await post(body)).status).toBe(400);
  });
});

describe('a non-JSON body gets 415 however it is framed (#11 item 12)', () => {
  const body = JSON.stringify({ query: '{ __typename }' });

  it('text/plain with Content-Length', async () => {
    const answer = await post(body, { 'content-type': 'text/plain' });
    expect([answer.status, answer.codes]).toEqual([415, ['UNSUPPORTED_MEDIA_TYPE']]);
  });

  it('text/plain chunked (it was parsed as JSON)', async () => {
    const answer = await post(stream([body.slice(0, 10), body.slice(10)]), { 'content-type': 'text/plain' });
    expect([answer.status, answer.codes]).toEqual([415, ['UNSUPPORTED_MEDIA_TYPE']]);
  });

  it('application/json; charset=utf-8 is JSON', async () => {
    expect((await post(body, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('NUL characters are refused before they reach the database (#11 item 13)', () => {
  it.each([
    ['a variable', { query: 'mutation($id: ID!) { expireSilence(id: $id) { id } }', variables: { id: 'a\u0000b' } }],
    ['a literal in the document', { query: 'mutation { expireSilence(id: "a\\u0000b") { id } }' }],
    ['a braced escape in the document', { query: 'mutation { expireSilence(id: "a\\u{0}b") { id } }' }],
    ['a record field', { query: INGEST, variables: { e: [event({ platform: 'linux-x86_64\u0000' })] } }],
  ])('in %s: 400 BAD_REQUEST', async (_, body) => {
    const answer = await post(JSON.stringify(body));
    expect([answer.status, answer.codes]).toEqual([400, ['BAD_REQUEST']]);
  });
});

describe('error answers quote nothing of what was sent (#11 item 14)', () => {
  it('malformed JSON: neither the parser’s message nor the bytes', async () => {
    const answer = await post('{"query": "{ __typename }", "secret": AKIAIOSFODNN7EXAMPLE');
    expect([answer.status, answer.messages]).toEqual([400, ['The request body is not valid JSON']]);
    expect(answer.text).not.toMatch(/AKIA|Unexpected|position|token/i);
  });

  it('a 900 KB metric id is not echoed back whole', async () => {
    const id = `x${'y'.repeat(900_000)}`;
    const answer = await post(JSON.stringify({ query: 'query($id: ID!) { metric(id: $id, window: {}) { value } }', variables: { id } }));
    expect(answer.codes).toEqual(['METRIC_NOT_FOUND']);
    // Head and tail of the message, with a marker where it was cut.
    expect(answer.messages[0]!.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 5);
    expect(answer.messages[0]).toContain('[…]');
    expect(answer.text.length).toBeLessThan(1000);
  });

  it('a long value quoted by GraphQL keeps the reason at the end of the message', async () => {
    const answer = await post(JSON.stringify({ query: INGEST, variables: { e: [{ ...event(), query: 'q'.repeat(5000) }] } }));
    expect(answer.messages[0]!.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH + 5);
    expect(answer.messages[0]).toMatch(/Field "query" is not defined by type "TelemetryEventInput"/);
  });
});

describe('gzip request bodies (#11 item 16)', () => {
  it('a gzip batch is inflated and stored', async () => {
    const before = await countRows('telemetry_events');
    const events = Array.from({ length: 200 }, () => event());
    const answer = await post(gzipSync(JSON.stringify({ query: INGEST, variables: { e: events } })), { 'content-encoding': 'gzip' });
    expect([answer.status, answer.text]).toEqual([200, '{"data":{"ingestEvents":{"accepted":200}}}']);
    expect(await countRows('telemetry_events')).toBe(before + 200);
  });

  it('the body limit applies to the inflated size: 2 MiB of spaces in ~2 KiB of gzip is 413', async () => {
    const bomb = gzipSync(`{"query":"{ __typename }"${' '.repeat(2 * 1024 * 1024)}}`);
    expect(bomb.length).toBeLessThan(env.MAX_BODY_BYTES / 100);
    const answer = await post(bomb, { 'content-encoding': 'gzip' });
    expect([answer.status, answer.codes]).toEqual([413, ['BODY_TOO_LARGE']]);
  });

  it('a body that is not gzip: 400; an encoding other than gzip: 415', async () => {
    expect((await post('{"query":"{ __typename }"}', { 'content-encoding': 'gzip' })).codes).toEqual(['BAD_REQUEST']);
    const brotli = await post('{"query":"{ __typename }"}', { 'content-encoding': 'br' });
    expect([brotli.status, brotli.codes]).toEqual([415, ['UNSUPPORTED_MEDIA_TYPE']]);
  });
});
