/**
 * The server's metric registry, loaded once from `metrics/` at start-up. Invalid plugins stop the
 * start: every problem printed once, `<file> -> <field>: <message>`, and exit code 1.
 */
import { loadRegistry, type Registry } from './registry.js';
import { exitOnDefinitionError } from './validate.js';

export const registry: Registry = await loadRegistry().catch(exitOnDefinitionError);
