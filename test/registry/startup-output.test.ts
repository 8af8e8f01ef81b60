/**
 * A start with broken plugins (#12): the real server, started the way `npm start` does, over a
 * metrics folder (METRICS_DIR) holding one plugin of each kind of mistake. It prints every problem
 * once, as `<file> -> <field>: <message>`, with no stack trace, and exits with a non-zero code.
 * It needs no database of its own: it runs once, in the SQLite project.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server-process.js';

const plugin = (fields: Record<string, unknown>) =>
  `export default ${JSON.stringify({
    title: 'Example',
    description: 'An example.',
    unit: 'count',
    direction: 'higher',
    segments: [],
    formula: { kind: 'measure', source: 'events', aggregate: 'count' },
    ...fields,
  })};\n`;

describe.runIf(process.env.CARO_TEST_DB !== 'postgresql')('a start with broken plugins lists every problem once (#12)', { timeout: 120_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'caro-broken-plugins-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(directory, path, '..'), { recursive: true });
    writeFileSync(join(directory, path), text);
  };
  const metrics = join(directory, 'metrics');

  it('import errors, shapes, values, references and duplicates, with exit code 1', async () => {
    write('metrics/growth/fine-one.ts', plugin({ id: 'fine_one' }));
    write('metrics/growth/syntax-error.ts', "export default { id: 'syntax_error' title: 'Oops' };\n");
    write('metrics/growth/throws.ts', "throw new Error('boom at load');\n");
    write('metrics/quality/bad-unit.ts', plugin({ id: 'bad_unit', unit: 'apples' }));
    write('metrics/quality/fine-one.ts', plugin({ id: 'fine_one' }));
    write('metrics/quality/typo.ts', plugin({ id: 'typo', formula: { kind: 'measure', source: 'events', aggregate: 'count', where: { eventType: 'COMMAND_EXECUTE' } } }));
    write('metrics/quality/dangling.ts', plugin({ id: 'dangling', formula: { kind: 'metric', id: 'nowhere' } }));
    write('metrics/quality/misnamed.ts', plugin({ id: 'named_otherwise', unit: 'apples' }));

    const server = await startServer({
      METRICS_DIR: metrics,
      DATABASE_URL: `file:${join(directory, 'metrics.db')}`,
      CARO_DATA_DIR: join(directory, 'data'),
      PURGE_SCHEDULE: 'off',
    });
    const code = await server.exited;
    const output = server.logs();
    expect(code).toBe(1);

    const file = (path: string) => join(metrics, path);
    const expected = [
      `${file('growth/syntax-error.ts')} -> (file): cannot be loaded: `,
      `${file('growth/throws.ts')} -> (file): cannot be loaded: boom at load`,
      `${file('quality/bad-unit.ts')} -> unit: `,
      `${file('quality/dangling.ts')} -> formula.id: no metric "nowhere"`,
      `${file('quality/fine-one.ts')} -> id: "fine_one" is defined twice: here and in ${file('growth/fine-one.ts')}`,
      `${file('quality/misnamed.ts')} -> unit: `,
      `${file('quality/misnamed.ts')} -> id: "named_otherwise" belongs in a file named named-otherwise.ts`,
      `${file('quality/typo.ts')} -> formula.where.eventType: "COMMAND_EXECUTE" is not one of the eventType values: INSTALLED, COMMAND_GENERATED, COMMAND_EXECUTED`,
    ];
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe(`Invalid metric definitions (${expected.length}):`);
    expect(lines).toHaveLength(expected.length + 1);
    expected.forEach((start, i) => expect(lines[i + 1]).toContain(start));
    // Each once, and no stack trace.
    expect(output.match(/Invalid metric definitions/g)).toHaveLength(1);
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('MetricDefinitionError');
  });
});
