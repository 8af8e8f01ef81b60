/**
 * One metric, one test file (#12): every plugin `metrics/<area>/<name>.ts` has its tester file
 * `test/metrics/<area>/<name>.test.ts`, and every test file there has its plugin. Reads file names only.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `<area>/<name>` of every file under `folder` (one level of areas) whose name ends in `suffix`. */
function namesIn(folder: string, suffix: string): string[] {
  return readdirSync(root + folder, { withFileTypes: true })
    .filter((area) => area.isDirectory())
    .flatMap((area) =>
      readdirSync(`${root}${folder}/${area.name}`)
        .filter((file) => file.endsWith(suffix))
        .map((file) => `${area.name}/${file.slice(0, -suffix.length)}`),
    )
    .sort();
}

describe('every metric has its test file (#12)', () => {
  const plugins = namesIn('metrics', '.ts');
  const tests = namesIn('test/metrics', '.test.ts');

  it('finds the plugins', () => {
    expect(plugins.length).toBeGreaterThan(0);
  });

  it('every metrics/<area>/<name>.ts has test/metrics/<area>/<name>.test.ts', () => {
    expect(plugins.filter((name) => !tests.includes(name))).toEqual([]);
  });

  it('every test/metrics/<area>/<name>.test.ts has its metrics/<area>/<name>.ts', () => {
    expect(tests.filter((name) => !plugins.includes(name))).toEqual([]);
  });
});
