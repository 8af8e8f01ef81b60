/**
 * What a metric's number means and which way is better. Apart from define-metric.ts so that the
 * formatter (src/format/format.ts), which the web page bundles, can name them without importing
 * anything server-side.
 */
export type Unit = 'count' | 'ratio' | 'milliseconds' | 'seconds' | 'score' | 'currency';
export type Direction = 'higher' | 'lower';
