/**
 * The data contract of METRICS.md §2: the enumerations, patterns and limits the record
 * descriptions (records.ts) use. The GraphQL input types, the zod rules and the columns are all
 * made from those descriptions, so they cannot drift.
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
export type EventType = (typeof EVENT_TYPES)[number];
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

/**
 * The Caro CLI's build targets: a platform is `<os>-<arch>` from these two lists (the metrics split
 * by platform, so it is a closed set: a host or user name such as `alice-macbook_pro` is no platform).
 */
export const PLATFORM_OSES = ['linux', 'macos', 'windows', 'freebsd', 'openbsd', 'netbsd', 'android'] as const;
export const PLATFORM_ARCHES = ['x86_64', 'aarch64', 'arm64', 'x86', 'i686', 'armv7', 'riscv64', 'ppc64le', 's390x', 'loongarch64'] as const;
export const PLATFORMS = PLATFORM_OSES.flatMap((os) => PLATFORM_ARCHES.map((arch) => `${os}-${arch}` as const));
export type Platform = (typeof PLATFORMS)[number];

/**
 * What went wrong, in the words error_rate is split by (METRICS.md §4: validation, generation,
 * execution, platform). A closed set: free snake_case let a secret or a path (`users_alice_documents`)
 * ride in it. A new category is added here, with its client release.
 */
export const ERROR_CATEGORIES = [
  // generation
  'no_static_match', 'inference_timeout', 'unparseable_output', 'model_load_failed', 'model_not_found',
  'out_of_memory', 'repair_exhausted', 'parse_error', 'unsafe_output',
  // validation
  'validation_error',
  // execution
  'nonzero_exit', 'command_not_found', 'permission_denied', 'timeout', 'interrupted',
  // platform and client
  'unsupported_platform', 'backend_unavailable', 'config_error', 'network_error', 'crash',
  'other',
] as const;

/** Pre-release tags a Caro version may carry (`1.1.0-beta`, `1.2.0-rc.1`). */
export const PRERELEASE_TAGS = ['alpha', 'beta', 'rc', 'dev', 'pre', 'preview', 'nightly', 'canary'] as const;

/** Model families the CLI runs (inference_time_p50 targets smollm and qwen); `mlx-` marks an MLX build. */
export const MODEL_FAMILIES = [
  'smollm', 'smollm2', 'smollm3', 'qwen', 'qwen2', 'qwen2.5', 'qwen3', 'llama', 'llama2', 'llama3', 'llama3.1', 'llama3.2',
  'codellama', 'tinyllama', 'phi', 'phi3', 'phi4', 'gemma', 'gemma2', 'gemma3', 'mistral', 'deepseek', 'starcoder', 'starcoder2',
] as const;
/** What may follow a family: variant words, a size (1.5b, 360m), a quantization (q4_k_m, fp16). */
const MODEL_SUFFIX = String.raw`(?:coder|instruct|chat|it|base|mini|tiny|small|\d{1,4}(?:\.\d{1,2})?[bm]|q[2-8](?:_0|_k(?:_[sml])?)?|fp16|bf16|[48]bit)`;
const escape = (text: string) => text.replace(/[.]/g, '\\.');

/**
 * Free-form strings narrowed to what their metrics need, so that an address, a key, a name, a path
 * or a host cannot match (test/ingestion/identifying-values.test.ts tries each shape).
 */
export const PATTERNS = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /** MAJOR.MINOR.PATCH (each at most 4 digits), at most one known pre-release tag with a number; no build metadata. */
  caroVersion: new RegExp(String.raw`^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(-(${PRERELEASE_TAGS.join('|')})(\.?(0|[1-9]\d{0,7}))?)?$`),
  model: new RegExp(`^(mlx-)?(${MODEL_FAMILIES.map(escape).join('|')})(-${MODEL_SUFFIX}){0,4}$`),
  gaugeKey: /^[a-z][a-z0-9_]{0,31}$/,
} as const;

export const MAX_BATCH_SIZE = 1000;
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
export const MAX_LATENCY_MS = 600_000;
/**
 * Largest gauge value either way: far above any count the catalogue's gauges reach, and far below
 * where sums and averages over them lose precision or overflow (±1.79e308 was accepted).
 */
export const MAX_GAUGE_VALUE = 1e12;

/**
 * Why one record of a batch was refused (`IngestError.code`, the GraphQL enum IngestErrorCode). The
 * record alone is refused; the rest of the batch is stored. A client fixes or drops the record: a
 * retry of the same record gets the same answer.
 */
export const INGEST_ERROR_CODES = {
  REQUIRED: 'A required field is missing or null.',
  NOT_ALLOWED: 'A field this kind of record must not carry (a score on a FEATURE survey).',
  INVALID_TYPE: 'A field of the wrong type.',
  INVALID_FORMAT: 'A text field that does not match its pattern (a UUID, a version, a model name).',
  INVALID_VALUE: 'A value the contract refuses in this combination (PARTIALLY outside SUPPORT_RESOLUTION, a CANCELLED event with an amount).',
  OUT_OF_RANGE: 'A number or text outside its bounds (a latency past 600000 ms, an NPS score of 11).',
  UNKNOWN_FIELD: 'A field the contract does not have.',
  UNKNOWN_VALUE: 'A value of a closed set this server does not know (a newer client\'s new event type); telemetryPolicy lists the known ones.',
  TIMESTAMP_IN_FUTURE: "The record's time, corrected for the client's clock skew (sentAt), is more than 24 h ahead of the server.",
  TIMESTAMP_TOO_OLD: "The record's time is older than the retention window; it would be purged at once.",
  SESSION_DELETED: 'The consent session was deleted; a new consent session needs a new id.',
  UNKNOWN_EVENT: 'A safety audit of an event this server has not stored.',
  NOT_AUDITABLE: 'A safety audit of an event that is not VALIDATION_BLOCKED or COMMAND_EXECUTED.',
} as const;
export type IngestErrorCode = keyof typeof INGEST_ERROR_CODES;
