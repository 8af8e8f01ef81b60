/**
 * The metric registry: every plugin file under `metrics/` is discovered (nothing is registered by
 * hand), imported and validated at start-up. One broken plugin stops the start with every problem
 * listed; it never silently disappears.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Formula, MetricDefinition } from './define-metric.js';
import { MetricDefinitionError, validateMetricFiles, type MetricFile } from './validate.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const METRICS_DIRECTORY = join(projectRoot, 'metrics');

export interface Registry {
  /** In id order. */
  readonly metrics: readonly MetricDefinition[];
  get(id: string): MetricDefinition | undefined;
  formulaOf(id: string): Formula;
}

/** The plugin files under `directory`, relative paths sorted (`metrics/growth/wau.ts`). */
export function listMetricFiles(directory = METRICS_DIRECTORY): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))
    .map((path) => join(directory, path))
    .sort();
}

export async function loadMetricFiles(directory = METRICS_DIRECTORY): Promise<MetricFile[]> {
  return Promise.all(
    listMetricFiles(directory).map(async (path) => {
      const file = relative(projectRoot, path);
      try {
        const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
        return { file, exported: module.default };
      } catch (cause) {
        throw new MetricDefinitionError([`${file} -> (file): cannot be loaded: ${(cause as Error).message}`]);
      }
    }),
  );
}

export function createRegistry(metrics: readonly MetricDefinition[]): Registry {
  const sorted = [...metrics].sort((a, b) => a.id.localeCompare(b.id));
  const byId = new Map(sorted.map((m) => [m.id, m]));
  return {
    metrics: sorted,
    get: (id) => byId.get(id),
    formulaOf(id) {
      const metric = byId.get(id);
      if (!metric) throw new Error(`no metric "${id}"`);
      return metric.formula;
    },
  };
}

export async function loadRegistry(directory = METRICS_DIRECTORY): Promise<Registry> {
  return createRegistry(validateMetricFiles(await loadMetricFiles(directory)));
}
