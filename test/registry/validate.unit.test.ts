/**
 * Loading and validation of metric plugins (#3): every problem of every file is reported at once as
 * `<file> -> <field>: <message>`, and every plugin file under metrics/ is registered.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/registry/catalogue.js';
import { listMetricFiles, loadRegistry, PLUGIN_INDEX_FILE, pluginIndexSource } from '../../src/registry/registry.js';
import { MetricDefinitionError, validateMetricFiles, type MetricFile } from '../../src/registry/validate.js';

const base = {
  title: 'Example',
  description: 'An example.',
  unit: 'count',
  direction: 'higher',
  segments: [] as string[],
  formula: { kind: 'measure', source: 'events', aggregate: 'count' },
};
const count = { kind: 'measure', source: 'events', aggregate: 'count' };

/** The problems validateMetricFiles reports (it must throw them all in one error). */
function problemsOf(files: MetricFile[]): string[] {
  try {
    validateMetricFiles(files);
  } catch (error) {
    expect(error).toBeInstanceOf(MetricDefinitionError);
    const { problems, message } = error as MetricDefinitionError;
    expect(message).toContain(`Invalid metric definitions (${problems.length}):`);
    return problems;
  }
  throw new Error('expected validateMetricFiles to throw');
}

const files: MetricFile[] = [
  { file: 'metrics/x/ok-metric.ts', exported: { ...base, id: 'ok_metric' } },
  { file: 'metrics/x/alpha.ts', exported: { ...base, id: 'alpha', alerts: [{ name: 'low', kind: 'threshold', below: 'half', severity: 'warning' }] } },
  { file: 'metrics/x/beta.ts', exported: { ...base, id: 'beta', segments: ['tier'] } },
  { file: 'metrics/x/gamma.ts', exported: { ...base, id: 'gamma', formula: { ...count, where: { colour: 'red' } } } },
  { file: 'metrics/x/delta.ts', exported: { ...base, id: 'delta', formula: { kind: 'metric', id: 'nope' } } },
  { file: 'metrics/x/eps.ts', exported: { ...base, id: 'eps', formula: { kind: 'metric', id: 'zeta' } } },
  { file: 'metrics/x/zeta.ts', exported: { ...base, id: 'zeta', formula: { kind: 'arithmetic', op: 'add', left: { kind: 'metric', id: 'eps' }, right: count } } },
  { file: 'metrics/x/wrong-name.ts', exported: { ...base, id: 'theta' } },
  { file: 'metrics/y/beta.ts', exported: { ...base, id: 'beta' } },
  { file: 'metrics/x/empty.ts', exported: undefined },
  {
    file: 'metrics/x/kappa.ts',
    exported: {
      ...base,
      id: 'kappa',
      segments: ['backend'],
      target: { bySegment: { platform: { 'linux-x86_64': { atLeast: 1 } } } },
      alerts: [{ name: 'low', kind: 'threshold', below: 1, severity: 'warning', scope: { segment: 'persona', value: 'NOVICE' } }],
    },
  },
  { file: 'metrics/x/lambda.ts', exported: { ...base, id: 'lambda', formula: { ...count, aggregate: 'percentile', field: 'latencyMs', percentile: 120 } } },
];

describe('definition errors are reported together, each with its file and field (#3)', () => {
  it('every mistake of every file in one error', () => {
    const problems = problemsOf(files);
    expect(problems).toEqual(
      expect.arrayContaining([
        'metrics/x/beta.ts -> segments[0]: the formula cannot be split by "tier"',
        'metrics/x/gamma.ts -> formula.where.colour: events have no field "colour"',
        'metrics/x/delta.ts -> formula.id: no metric "nope"',
        'metrics/x/zeta.ts -> formula.left.id: cycle zeta -> eps -> zeta',
        'metrics/x/wrong-name.ts -> id: "theta" belongs in a file named theta.ts',
        'metrics/y/beta.ts -> id: "beta" is defined twice: here and in metrics/x/beta.ts',
        'metrics/x/empty.ts -> default export: expected defineMetric({...})',
        'metrics/x/kappa.ts -> target.bySegment.platform: "platform" is not one of segments',
        'metrics/x/kappa.ts -> alerts[0].scope.segment: "persona" is not one of segments',
        'metrics/x/lambda.ts -> formula.percentile: Too big: expected number to be <=100',
      ]),
    );
    // The bad threshold and the other side of the cycle are reported too (their wording: below).
    expect(problems.filter((p) => p.startsWith('metrics/x/alpha.ts -> alerts[0]'))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith('metrics/x/eps.ts -> ') && p.endsWith('cycle eps -> zeta -> eps'))).toHaveLength(1);
    expect(problems).toHaveLength(12);
    expect(problems.some((p) => p.includes('ok-metric.ts'))).toBe(false);
  });

  it('a bad alert threshold names the threshold field and says what it expects', () => {
    // STYLE.md and validate.ts promise `alerts[0].below: expected a number`, not a bare "Invalid input".
    const [problem] = problemsOf([files[1]!]);
    expect(problem).toMatch(/^metrics\/x\/alpha\.ts -> alerts\[0\]\.below: .*expected (a )?number/);
  });

  it('a cycle is reported at the field of the file that holds it', () => {
    // eps.ts has no formula.left: its own reference is formula.id.
    expect(problemsOf([files[5]!, files[6]!])).toEqual([
      'metrics/x/eps.ts -> formula.id: cycle eps -> zeta -> eps',
      'metrics/x/zeta.ts -> formula.left.id: cycle zeta -> eps -> zeta',
    ]);
  });

  it('valid definitions come back as they are', () => {
    const ok = files[0]!.exported;
    expect(validateMetricFiles([files[0]!])).toEqual([ok]);
  });
});

describe('a problem in one part of a file hides no other (#12)', () => {
  it('a wrong shape still has its id, file name, duplicates, values and segments checked, once each', () => {
    const broken = {
      ...base,
      id: 'ok_metric',
      unit: 'apples',
      segments: ['backend', 'tier'],
      formula: { ...count, where: { backend: 'STATIK' } },
    };
    expect(problemsOf([files[0]!, { file: 'metrics/z/broken.ts', exported: broken }])).toEqual([
      'metrics/z/broken.ts -> unit: Invalid option: expected one of "count"|"ratio"|"percent"|"score"|"milliseconds"|"seconds"|"minutes"|"megabytes"|"usd"',
      'metrics/z/broken.ts -> formula.where.backend: "STATIK" is not one of the backend values: STATIC, EMBEDDED, MLX',
      'metrics/z/broken.ts -> id: "ok_metric" belongs in a file named ok-metric.ts',
      'metrics/z/broken.ts -> id: "ok_metric" is defined twice: here and in metrics/x/ok-metric.ts',
      'metrics/z/broken.ts -> segments[1]: the formula cannot be split by "tier"',
    ]);
  });

  it('a reference to a broken metric is not held against the metric that makes it', () => {
    const user = { ...base, id: 'user', segments: ['backend'], formula: { kind: 'metric', id: 'broken' } };
    expect(problemsOf([{ file: 'metrics/z/broken.ts', exported: { ...base, id: 'broken', unit: 'apples' } }, { file: 'metrics/z/user.ts', exported: user }])).toEqual([
      expect.stringMatching(/^metrics\/z\/broken\.ts -> unit: /),
    ]);
  });

  it('an import error is reported with the file and hides no other file', () => {
    expect(problemsOf([{ file: 'metrics/z/syntax.ts', loadError: 'Expected "}" but found "unit"' }, { file: 'metrics/z/other.ts', exported: { ...base, id: 'other', unit: 'apples' } }])).toEqual([
      expect.stringMatching(/^metrics\/z\/other\.ts -> unit: /),
      'metrics/z/syntax.ts -> (file): cannot be loaded: Expected "}" but found "unit"',
    ]);
  });
});

describe('values of the data contract are checked (#12)', () => {
  const eventTypes = 'INSTALLED, COMMAND_GENERATED, COMMAND_EXECUTED, COMMAND_FAILED, VALIDATION_BLOCKED, AGENT_LOOP_REPAIR, SAFETY_OVERRIDE, HISTORY_SEARCHED';
  const backends = 'STATIC, EMBEDDED, MLX';
  const mistakes: MetricFile[] = [
    { file: 'metrics/x/typo-where.ts', exported: { ...base, id: 'typo_where', formula: { ...count, where: { eventType: 'COMMAND_EXECUTE' } } } },
    { file: 'metrics/x/typo-list.ts', exported: { ...base, id: 'typo_list', formula: { ...count, where: { backend: ['STATIC', 'STATIK'] } } } },
    { file: 'metrics/x/typo-not.ts', exported: { ...base, id: 'typo_not', formula: { ...count, where: { backend: { not: 'STATIK' } } } } },
    {
      file: 'metrics/x/typo-cohort.ts',
      exported: { ...base, id: 'typo_cohort', formula: { kind: 'cohort', condition: { eventType: 'INSTALL' }, period: 'nextUtcDay', result: 'share' } },
    },
    {
      file: 'metrics/x/typo-headline.ts',
      exported: { ...base, id: 'typo_headline', segments: ['backend'], formula: { kind: 'share', base: count, of: 'backend', headline: 'STATIK' } },
    },
    {
      file: 'metrics/x/typo-target.ts',
      exported: { ...base, id: 'typo_target', segments: ['backend'], target: { bySegment: { backend: { EMBEDED: { atMost: 500 } } } } },
    },
    {
      file: 'metrics/x/typo-scope.ts',
      exported: {
        ...base,
        id: 'typo_scope',
        segments: ['backend'],
        alerts: [{ name: 'low', kind: 'threshold', below: 1, severity: 'warning', scope: { segment: 'backend', value: 'EMBEDED' } }],
      },
    },
    { file: 'metrics/x/typo-flag.ts', exported: { ...base, id: 'typo_flag', formula: { ...count, where: { success: 'yes' } } } },
  ];

  it('each mistake names the file, the field and the valid values', () => {
    // In file order.
    expect(problemsOf(mistakes)).toEqual([
      `metrics/x/typo-cohort.ts -> formula.condition.eventType: "INSTALL" is not one of the eventType values: ${eventTypes}`,
      'metrics/x/typo-flag.ts -> formula.where.success: "yes" is not one of the success values: true, false',
      `metrics/x/typo-headline.ts -> formula.headline: "STATIK" is not one of the backend values: ${backends}`,
      `metrics/x/typo-list.ts -> formula.where.backend[1]: "STATIK" is not one of the backend values: ${backends}`,
      `metrics/x/typo-not.ts -> formula.where.backend.not: "STATIK" is not one of the backend values: ${backends}`,
      `metrics/x/typo-scope.ts -> alerts[0].scope.value: "EMBEDED" is not one of the backend values: ${backends}`,
      `metrics/x/typo-target.ts -> target.bySegment.backend.EMBEDED: "EMBEDED" is not one of the backend values: ${backends}`,
      `metrics/x/typo-where.ts -> formula.where.eventType: "COMMAND_EXECUTE" is not one of the eventType values: ${eventTypes}`,
    ]);
  });

  it('a long list is cut, an open field says so, a dimension outside the contract takes anything', () => {
    const exported = {
      ...base,
      id: 'open_values',
      segments: ['region'],
      formula: {
        kind: 'sql',
        dimensions: ['region'],
        query: { sqlite: () => null, postgresql: () => null },
      },
      target: { bySegment: { region: { 'eu-west': { atLeast: 1 } } } },
    };
    const where = { platform: 'alice-macbook', caroVersion: 'latest', latencyMs: { gte: 5 }, errorCategory: { notNull: true } };
    expect(
      problemsOf([
        { file: 'metrics/x/open-values.ts', exported },
        { file: 'metrics/x/open-where.ts', exported: { ...base, id: 'open_where', formula: { ...count, where } } },
      ]),
    ).toEqual([
      'metrics/x/open-where.ts -> formula.where.platform: "alice-macbook" is not one of the platform values: linux-x86_64, linux-aarch64, linux-arm64, ' +
        'linux-x86, linux-i686, linux-armv7, linux-riscv64, linux-ppc64le, linux-s390x, linux-loongarch64, … (70 values in src/ingestion/contract.ts)',
      `metrics/x/open-where.ts -> formula.where.caroVersion: "latest" is no value a record's caroVersion can hold (src/ingestion/record-kinds.ts)`,
    ]);
  });

  it('the shipped plugins hold only values of the contract', async () => {
    await expect(loadRegistry()).resolves.toBeDefined();
  });
});

describe('every plugin under metrics/ is registered (#3)', () => {
  it('the plugin type index that types dashboards is current (run `npm run schema:print` after adding a metric)', () => {
    expect(readFileSync(PLUGIN_INDEX_FILE, 'utf8')).toBe(pluginIndexSource());
  });

  const pluginFiles = listMetricFiles();

  it('loading the real metrics/ directory succeeds', async () => {
    const loaded = await loadRegistry();
    expect(loaded.metrics.map((m) => m.id)).toEqual(registry.metrics.map((m) => m.id));
  });

  it('an unregistered plugin fails this test: one metric per .ts file, and no more', () => {
    expect(pluginFiles.length).toBeGreaterThanOrEqual(13);
    expect(registry.metrics).toHaveLength(pluginFiles.length);
    const idsFromFiles = pluginFiles.map((path) => basename(path, '.ts').replaceAll('-', '_')).sort();
    expect(registry.metrics.map((m) => m.id).sort()).toEqual(idsFromFiles);
  });

  it('ships the metrics of issue #3', () => {
    expect(registry.metrics.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'execution_rate', 'wau', 'new_users', 'activation_rate_7d', 'retention_d1', 'latency_p95', 'nps',
        'safety_mode_share', 'mrr', 'agent_loop_value', 'github_stars', 'first_attempt_success_rate', 'post_repair_success_rate',
      ]),
    );
  });

  describe('a broken plugin never silently disappears', () => {
    const directory = mkdtempSync(join(tmpdir(), 'caro-metrics-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(join(directory, path, '..'), { recursive: true });
      writeFileSync(join(directory, path), text);
    };

    it('a file without a default export and an invalid one are both reported', async () => {
      write('growth/good-one.ts', `export default ${JSON.stringify({ ...base, id: 'good_one' })};`);
      write('growth/no-default.ts', `export const metric = ${JSON.stringify({ ...base, id: 'no_default' })};`);
      write('quality/bad-unit.ts', `export default ${JSON.stringify({ ...base, id: 'bad_unit', unit: 'apples' })};`);
      const error = (await loadRegistry(directory).catch((e: unknown) => e)) as MetricDefinitionError;
      expect(error).toBeInstanceOf(MetricDefinitionError);
      expect(error.problems).toHaveLength(2);
      expect(error.problems[0]).toMatch(/growth\/no-default\.ts -> default export: expected defineMetric\(\{\.\.\.\}\)$/);
      expect(error.problems[1]).toMatch(/quality\/bad-unit\.ts -> unit: /);
    });

    it('a file that cannot be imported is reported with its name', async () => {
      write('growth/throws.ts', `throw new Error('boom');\nexport default {};`);
      const error = (await loadRegistry(directory).catch((e: unknown) => e)) as MetricDefinitionError;
      expect(error).toBeInstanceOf(MetricDefinitionError);
      expect(error.problems.join('\n')).toMatch(/growth\/throws\.ts -> \(file\): cannot be loaded: boom/);
    });
  });
});
