/**
 * What a formula can read: each record source with its time column and the fields (in the
 * ingestion contract's names) that filters and segments may use. Segment names are these fields.
 */
export const SOURCES = {
  events: {
    table: 'telemetry_events',
    time: 'timestamp',
    fields: {
      eventType: 'event_type',
      backend: 'backend',
      platform: 'platform',
      caroVersion: 'caro_version',
      latencyMs: 'latency_ms',
      success: 'success',
      errorCategory: 'error_category',
      confidenceScore: 'confidence_score',
      validationSeverity: 'validation_severity',
      safetyMode: 'safety_mode',
      queryComplexity: 'query_complexity',
      refinementCount: 'refinement_count',
      model: 'model',
      inferenceMs: 'inference_ms',
      memoryMb: 'memory_mb',
      cpuPercent: 'cpu_percent',
      historyEnabled: 'history_enabled',
      pluginCount: 'plugin_count',
      persona: 'persona',
      acquisitionSource: 'acquisition_source',
    },
  },
  surveys: {
    table: 'survey_responses',
    time: 'timestamp',
    fields: { survey: 'survey', score: 'score', feature: 'feature', answer: 'answer', persona: 'persona' },
  },
  audits: {
    table: 'safety_audits',
    time: 'audited_at',
    fields: { verdict: 'verdict', eventType: 'event_type', validationSeverity: 'validation_severity' },
  },
  subscriptions: {
    table: 'subscription_events',
    time: 'timestamp',
    fields: { kind: 'kind', tier: 'tier', seats: 'seats', monthlyAmountCents: 'monthly_amount_cents' },
  },
} as const;

export type SourceName = keyof typeof SOURCES;
export type FieldOf<S extends SourceName> = keyof (typeof SOURCES)[S]['fields'] & string;
export type EventField = FieldOf<'events'>;

export function columnOf(source: SourceName, field: string): string | undefined {
  return (SOURCES[source].fields as Record<string, string>)[field];
}

/** Fields stored as booleans: their segment keys are 'true' and 'false'. */
export const BOOLEAN_FIELDS: ReadonlySet<string> = new Set(['success', 'historyEnabled']);
