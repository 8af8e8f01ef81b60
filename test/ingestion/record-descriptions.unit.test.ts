/**
 * The record descriptions (src/ingestion/records.ts) are the one place a record kind's fields are
 * written; the Prisma models that create their tables are the other, and this suite holds the two
 * equal: same columns, types, nullability and primary key, in both schema files. It also checks
 * what the descriptions promise: a bound stated in a description is the bound the rule enforces,
 * and a row holds every column by name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { AnyRecordDescription, PgType } from '../../src/ingestion/fields.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { RECORDS } from '../../src/ingestion/records.js';

interface Column {
  column: string;
  pgType: PgType | `unknown ${string}`;
  nullable: boolean;
}

interface Model {
  table: string;
  columns: Column[];
  key: string[];
}

const PG_TYPES: Record<string, PgType> = { String: 'text', Int: 'integer', Float: 'float8', Boolean: 'boolean', DateTime: 'timestamptz' };

/** The models of a Prisma schema file, by table: column names (@map), types, `?`, and @id / @@id. */
function parseModels(schema: string): Map<string, Model> {
  const models = new Map<string, Model>();
  for (const [, body] of schema.matchAll(/^model \w+ \{\n([\s\S]*?)^\}/gm)) {
    const columns: (Column & { field: string })[] = [];
    let table: string | undefined;
    let key: string[] = [];
    for (const line of body!.split('\n').map((l) => l.trim())) {
      if (line === '' || line.startsWith('//')) continue;
      const map = /^@@map\("(\w+)"\)/.exec(line);
      const compositeKey = /^@@id\(\[([\w, ]+)\]\)/.exec(line);
      if (map) table = map[1];
      else if (compositeKey) key = compositeKey[1]!.split(',').map((name) => name.trim());
      else if (!line.startsWith('@@')) {
        const [, field, type, optional, attributes] = /^(\w+)\s+(\w+)(\?)?\s*(.*)$/.exec(line)!;
        const column = /@map\("(\w+)"\)/.exec(attributes!)?.[1] ?? field!;
        columns.push({ field: field!, column, pgType: PG_TYPES[type!] ?? `unknown ${type}`, nullable: optional === '?' });
        if (/(^|\s)@id(\s|$)/.test(attributes!)) key = [field!];
      }
    }
    if (table === undefined) continue;
    const columnOf = (field: string) => columns.find((c) => c.field === field)!.column;
    models.set(table, { table, columns: columns.map(({ field: _, ...column }) => column), key: key.map(columnOf) });
  }
  return models;
}

/** The model a description says its table has. */
function modelOf(record: AnyRecordDescription): Model {
  const columns = kinds.storedFields(record).map(([, f]) => ({ column: f.column, pgType: f.pgType, nullable: !f.required }));
  const key = record.key.map((name) => record.fields[name]!.column);
  return { table: record.table, columns, key };
}

const byColumn = (a: Column, b: Column) => a.column.localeCompare(b.column);

describe.each(['prisma/schema.prisma', 'prisma/postgresql/schema.prisma'])('%s and the record descriptions', (file) => {
  const models = parseModels(readFileSync(file, 'utf8'));

  it.each(Object.entries(RECORDS))('%s: the table has exactly the described columns, types, nullability and key', (_, record) => {
    const expected = modelOf(record);
    const model = models.get(record.table);
    expect(model, `${file} has no model mapped to ${record.table}`).toBeDefined();
    expect([...model!.columns].sort(byColumn)).toEqual([...expected.columns].sort(byColumn));
    expect(model!.key).toEqual(expected.key);
  });
});

describe('record descriptions', () => {
  it('the parser reads what the comparison relies on', () => {
    const models = parseModels(
      'model A {\n  id String @id @map("a_id")\n  /// doc\n  n Int?\n  at DateTime @db.Timestamptz(3) @map("at_x")\n\n  @@index([n])\n  @@map("as")\n}\n' +
        'model B {\n  x String\n  y Float\n\n  @@id([x, y])\n  @@map("bs")\n}\n',
    );
    expect(models.get('as')).toEqual({
      table: 'as',
      columns: [
        { column: 'a_id', pgType: 'text', nullable: false },
        { column: 'n', pgType: 'integer', nullable: true },
        { column: 'at_x', pgType: 'timestamptz', nullable: false },
      ],
      key: ['a_id'],
    });
    expect(models.get('bs')?.key).toEqual(['x', 'y']);
  });

  const numeric = Object.entries(RECORDS).flatMap(([kind, record]) =>
    Object.entries(record.fields)
      .filter(([, f]) => f.graphql === 'Int' || f.graphql === 'Float')
      .map(([name, f]) => [`${kind}.${name}`, f] as const),
  );

  it.each(numeric)('%s: the bound its description states is the bound its rule enforces', (name, field) => {
    const bound = /(-?\d+) to (-?\d+)/.exec(field.description ?? '');
    if (name === 'surveyResponses.score') {
      // Its range depends on the survey: the record's refinement checks it (validate-records.test.ts).
      expect(bound).toBeNull();
      return;
    }
    expect(bound, `${name}: "${field.description}" states no bound`).not.toBeNull();
    const [min, max] = [Number(bound![1]), Number(bound![2])];
    const accepts = (value: number) => (field.rule as z.ZodType).safeParse(value).success;
    const step = field.graphql === 'Int' ? 1 : Math.max(1e-6, Math.abs(max) * 1e-9);
    expect([accepts(min), accepts(max), accepts(min - step), accepts(max + step)]).toEqual([true, true, false, false]);
  });

  it.each([
    ['telemetryEvents', kinds.telemetryEvents],
    ['surveyResponses', kinds.surveyResponses],
    ['gaugeObservations', kinds.gaugeObservations],
    ['subscriptionEvents', kinds.subscriptionEvents],
  ] as const)('%s: a row holds every column by name, the session id only as its hash', (_, kind) => {
    const receivedAt = new Date('2026-01-01T00:00:00Z');
    const record = Object.fromEntries(kind.table.columns.map((c) => [c.field, `value of ${c.field}`]));
    const row = (kind.toRow as (r: unknown, context: kinds.RowContext) => Record<string, unknown>)(record, {
      receivedAt,
      hashSession: (id) => `hash of ${id}`,
    });
    expect(Object.keys(row).sort()).toEqual(kind.table.columns.map((c) => c.name).sort());
    for (const { name, field } of kind.table.columns) {
      const expected = name === 'received_at' ? receivedAt : field === kind.sessionField ? `hash of value of ${field}` : `value of ${field}`;
      expect(row[name], name).toEqual(expected);
    }
  });
});
