/**
 * The data contract of METRICS.md §2: the enumerations and field rules every record is checked
 * against. The GraphQL input types (src/schema/ingestion.ts) are built from these lists, so the two
 * cannot drift.
 */
export const EVENT_TYPES = [
  'INSTALLED',
  'COMMAND_GENERATED',
  'COMMAND_EXECUTED',
  'COMMAND_FAILED',
  'VALIDATION_BLOCKED',
  'AGENT_LOOP_REPAIR',
  'SAFETY_OVERRIDE',
  'HISTORY_SEARCHED',
] as const;
export const BACKENDS = ['STATIC', 'EMBEDDED', 'MLX'] as const;
export const VALIDATION_SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export const SAFETY_MODES = ['STRICT', 'NORMAL', 'PERMISSIVE'] as const;
export const QUERY_COMPLEXITIES = ['SIMPLE', 'MEDIUM', 'COMPLEX'] as const;
export const USER_PERSONAS = ['NOVICE', 'EXPERT'] as const;
export const ACQUISITION_SOURCES = ['HN', 'GITHUB', 'REDDIT', 'ORGANIC', 'OTHER'] as const;

export const SURVEYS = ['NPS', 'CSAT', 'FEATURE', 'SUPPORT_RESPONSE_TIME', 'SUPPORT_RESOLUTION'] as const;
export const SURVEY_FEATURES = ['SAFETY_VALIDATION', 'AGENT_LOOP_REPAIR', 'MLX_BACKEND'] as const;
export const SURVEY_ANSWERS = ['YES', 'NO', 'PARTIALLY'] as const;
export const SURVEY_PERSONAS = ['DEVOPS', 'DATA_SCIENTIST', 'SYSADMIN', 'DEVELOPER', 'OTHER'] as const;

export const AUDIT_VERDICTS = ['TRUE_POSITIVE', 'FALSE_POSITIVE', 'FALSE_NEGATIVE'] as const;
/** The event types a safety audit may judge. */
export const AUDITABLE_EVENT_TYPES = ['VALIDATION_BLOCKED', 'COMMAND_EXECUTED'] as const;

export const SUBSCRIPTION_KINDS = ['STARTED', 'CHANGED', 'CANCELLED'] as const;
export const TIERS = ['FREE', 'PRO', 'TEAM', 'ENTERPRISE'] as const;

/** Short identifiers only: a path, an e-mail or a secret cannot match these. */
export const PATTERNS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  platform: /^[a-z0-9]+-[a-z0-9_]+$/,
  semver: /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/,
  errorCategory: /^[a-z][a-z0-9_]{0,63}$/,
  // At least one letter, so that an IP address is no model name.
  model: /^(?=[a-z0-9._-]*[a-z])[a-z0-9][a-z0-9._-]{0,31}$/,
  gaugeKey: /^[a-z][a-z0-9_]{0,31}$/,
} as const;

export const MAX_BATCH_SIZE = 1000;
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
export const MAX_LATENCY_MS = 600_000;
