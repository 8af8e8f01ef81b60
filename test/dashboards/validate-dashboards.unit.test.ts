/**
 * Dashboards are checked at start-up the way metric plugins are (#12): every problem once, as
 * `<file> -> <field>: <message>`: shapes, file names, duplicates, then references to metrics, their
 * segments and alert rules.
 */
import { describe, expect, it } from 'vitest';
import { dashboards } from '../../src/dashboards/catalogue.js';
import { validateDashboardFiles } from '../../src/dashboards/define-dashboard.js';
import { registry } from '../../src/registry/catalogue.js';
import { MetricDefinitionError, type MetricFile } from '../../src/registry/validate.js';

const base = { title: 'Example', review: 'weekly', granularity: 'DAY', panels: [], alerts: [] };

function problemsOf(files: MetricFile[]): string[] {
  try {
    validateDashboardFiles(files, registry);
  } catch (error) {
    expect(error).toBeInstanceOf(MetricDefinitionError);
    expect((error as Error).message).toMatch(/^Invalid dashboard definitions \(\d+\):\n/);
    return (error as MetricDefinitionError).problems;
  }
  throw new Error('expected validateDashboardFiles to throw');
}

describe('dashboard definitions are validated like metric plugins (#12)', () => {
  it('the shipped dashboards are valid, in their order', () => {
    expect(dashboards.map((d) => d.id)).toEqual(['growth', 'engagement', 'quality', 'satisfaction']);
  });

  it('every problem of every file, each once, with its file and field', () => {
    const dir = 'src/dashboards/definitions';
    expect(
      problemsOf([
        { file: `${dir}/ops.ts`, exported: { ...base, id: 'ops', review: 'hourly' } },
        { file: `${dir}/team.ts`, exported: { ...base, id: 'team', panels: [{ metric: 'exection_rate' }, { metric: 'execution_rate', segment: 'persona' }], alerts: ['wau.declinig_wow'] } },
        { file: `${dir}/misnamed.ts`, exported: { ...base, id: 'team' } },
      ]),
    ).toEqual([
      `${dir}/misnamed.ts -> id: "team" belongs in a file named team.ts`,
      `${dir}/misnamed.ts -> id: "team" is defined twice: here and in ${dir}/team.ts`,
      `${dir}/ops.ts -> review: Invalid option: expected one of "daily"|"weekly"|"monthly"`,
      `${dir}/team.ts -> panels[0].metric: no metric "exection_rate"`,
      `${dir}/team.ts -> panels[1].segment: execution_rate cannot be split by "persona" (segments: backend, platform, caroVersion)`,
      `${dir}/team.ts -> alerts[0]: no alert rule "wau.declinig_wow"`,
    ]);
  });
});
