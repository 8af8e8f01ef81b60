/** The server's metric registry, loaded once from `metrics/` at start-up (and failing it if invalid). */
import { loadRegistry, type Registry } from './registry.js';

export const registry: Registry = await loadRegistry();
