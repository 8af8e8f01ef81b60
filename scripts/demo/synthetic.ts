/**
 * Deterministic synthetic Caro activity: what a few thousand consent sessions of the Caro CLI send
 * over N days, as the records `ingest()` accepts (src/ingestion/ingest.ts: Date objects for times,
 * UUID strings for ids). The same seed, window and size give the same records, ids included, so a
 * second load is all duplicates. Records come out in batches of at most 1 000, one UTC day at a
 * time: memory holds the live sessions and one day of events, never the whole run.
 *
 *   for (const batch of generateActivity({ seed: 42, days: 90, end: new Date(), targetEvents: 1_000_000 })) {
 *     await ingest(recordKindOf[batch.kind], batch.records, { ... });
 *   }
 *
 * Used by `npm run seed:demo` (demo dashboards) and `npm run bench:query` (1 M events). The numbers
 * below are chosen so that the catalogue's metrics (METRICS.md §4) land near, and sometimes just off,
 * their targets: a demo where every light is green shows nothing.
 */
import type { z } from 'zod';
import { MAX_BATCH_SIZE } from '../../src/ingestion/contract.js';
import type {
  gaugeObservationSchema,
  safetyAuditSchema,
  subscriptionEventSchema,
  surveyResponseSchema,
  telemetryEventSchema,
} from '../../src/ingestion/record-kinds.js';

export type TelemetryEventInput = z.input<typeof telemetryEventSchema>;
export type SurveyResponseInput = z.input<typeof surveyResponseSchema>;
export type SafetyAuditInput = z.input<typeof safetyAuditSchema>;
export type GaugeObservationInput = z.input<typeof gaugeObservationSchema>;
export type SubscriptionEventInput = z.input<typeof subscriptionEventSchema>;

/** One batch of one record kind, at most `batchSize` records, ready for `ingest()`. */
export type ActivityBatch =
  | { kind: 'events'; records: TelemetryEventInput[] }
  | { kind: 'surveys'; records: SurveyResponseInput[] }
  | { kind: 'audits'; records: SafetyAuditInput[] }
  | { kind: 'gauges'; records: GaugeObservationInput[] }
  | { kind: 'subscriptions'; records: SubscriptionEventInput[] };

export type ActivityKind = ActivityBatch['kind'];

export interface ActivityOptions {
  /** Any integer; the same options give the same records. */
  seed: number;
  /** Length of the activity, ending at `end`. At most the retention window (90 days by default). */
  days: number;
  /** Exclusive end: every session-bound record is in [end − days, end). Use the ingestion `receivedAt`. */
  end: Date;
  /** Telemetry events wanted, approximately (within a few percent): the install volume is scaled to it. */
  targetEvents: number;
  /** Records per batch; default and maximum 1 000 (one ingestion batch). */
  batchSize?: number;
}

/** What a run produced, returned when the generator finishes. */
export interface ActivitySummary {
  records: Record<ActivityKind, number>;
  sessions: number;
  accounts: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------------
// Randomness: one seeded stream for all draws, and ids that cannot collide.

/** mulberry32: a tiny, fast 32-bit PRNG, plenty for distributions (period 2^32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bijection on 32-bit integers (lowbias32): distinct inputs give distinct outputs. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

interface WeightTable<K extends string> {
  keys: K[];
  cumulative: number[];
  total: number;
}
const weightTables = new WeakMap<object, WeightTable<string>>();

/** The cumulative weights of a (constant) weights object, computed once. */
function tableOf<K extends string>(weights: Readonly<Record<K, number>>): WeightTable<K> {
  let table = weightTables.get(weights) as WeightTable<K> | undefined;
  if (!table) {
    const keys = Object.keys(weights) as K[];
    let total = 0;
    const cumulative = keys.map((k) => (total += weights[k]));
    table = { keys, cumulative, total };
    weightTables.set(weights, table);
  }
  return table;
}

class Rng {
  readonly next: () => number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  /** A key of `weights`, with probability proportional to its weight. */
  pick<K extends string>(weights: Readonly<Record<K, number>>): K {
    const table = tableOf(weights);
    const r = this.next() * table.total;
    for (let i = 0; i < table.keys.length; i++) if (r < table.cumulative[i]!) return table.keys[i]!;
    return table.keys[table.keys.length - 1]!;
  }

  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Lognormal by its median: latencies and sizes are products of many small factors. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = this.next(); p > limit; p *= this.next()) k++;
    return k;
  }

  /** floor(x), plus one with probability frac(x): integer counts with the right mean. */
  round(x: number): number {
    const floor = Math.floor(x);
    return floor + (this.chance(x - floor) ? 1 : 0);
  }
}

/**
 * Version-4-shaped UUIDs from a counter: the first 32 bits are a bijection of the counter, so ids
 * never collide within a run (a PRNG-drawn UUID from a 32-bit state would, about once per 90 000).
 */
class IdSource {
  private counter = 0;
  private readonly keys: number[];

  constructor(seed: number) {
    this.keys = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f].map((k) => mix32((seed ^ k) >>> 0));
  }

  next(): string {
    const w0 = mix32((this.counter++ ^ this.keys[0]!) >>> 0);
    const w1 = mix32((w0 ^ this.keys[1]!) >>> 0);
    const w2 = mix32((w1 ^ this.keys[2]!) >>> 0);
    const w3 = mix32((w2 ^ this.keys[3]!) >>> 0);
    const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
    return [
      hex(w0, 8),
      hex(w1 >>> 16, 4),
      hex(0x4000 | (w1 & 0x0fff), 4),
      hex(0x8000 | ((w2 >>> 16) & 0x3fff), 4),
      hex(w2 & 0xffff, 4) + hex(w3, 8),
    ].join('-');
  }
}

// ---------------------------------------------------------------------------------------------
// The population model.

type Platform = 'macos-arm64' | 'linux-x86_64' | 'macos-x86_64' | 'linux-aarch64' | 'windows-x86_64';
type Backend = 'STATIC' | 'EMBEDDED' | 'MLX';
type Complexity = 'SIMPLE' | 'MEDIUM' | 'COMPLEX';
type Persona = 'NOVICE' | 'EXPERT';
type SafetyMode = 'STRICT' | 'NORMAL' | 'PERMISSIVE';
type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
type Source = 'HN' | 'GITHUB' | 'REDDIT' | 'ORGANIC' | 'OTHER';
type SurveyPersona = 'DEVOPS' | 'DATA_SCIENTIST' | 'SYSADMIN' | 'DEVELOPER' | 'OTHER';
type Tier = 'FREE' | 'PRO' | 'TEAM' | 'ENTERPRISE';

/**
 * Installs grow about threefold over 90 days (a young open-source tool), dip on weekends, and jump
 * on the day of a Hacker News front page (×4, ×1.8 the day after) and of a Reddit post (×2.2):
 * the launches are what new_users by acquisitionSource should make visible.
 */
const INSTALL_GROWTH_PER_DAY = Math.log(3) / 90;
const INSTALL_WEEKEND_FACTOR = 0.75;
const SPIKES = [
  { source: 'HN', at: [0.25, 0.45], factors: [4, 1.8] },
  { source: 'REDDIT', at: [0.6, 0.8], factors: [2.2] },
] as const;
/** Word of mouth and GitHub discovery dominate a CLI's installs on ordinary days. */
const ACQUISITION: Record<Source, number> = { ORGANIC: 0.34, GITHUB: 0.26, HN: 0.14, REDDIT: 0.14, OTHER: 0.12 };

/** Apple silicon first (MLX), then Linux servers and desktops; Windows through WSL is a niche. */
const PLATFORMS: Record<Platform, number> = {
  'macos-arm64': 0.46, 'linux-x86_64': 0.34, 'macos-x86_64': 0.08, 'linux-aarch64': 0.07, 'windows-x86_64': 0.05,
};
/** Local inference slows down without Apple's GPU or on small ARM boards. */
const PLATFORM_SLOWDOWN: Record<Platform, number> = {
  'macos-arm64': 1, 'linux-x86_64': 1.15, 'macos-x86_64': 1.6, 'linux-aarch64': 1.4, 'windows-x86_64': 1.3,
};
/** UTC offsets of where the users are (Americas, Europe, India, East Asia), in hours. */
const TIME_ZONES: Record<string, number> = { '-8': 0.18, '-5': 0.2, '0': 0.1, '1': 0.22, '2': 0.06, '5.5': 0.1, '8': 0.08, '9': 0.06 };
const SURVEY_PERSONAS: Record<SurveyPersona, number> = { DEVELOPER: 0.4, DEVOPS: 0.25, SYSADMIN: 0.15, DATA_SCIENTIST: 0.12, OTHER: 0.08 };

/**
 * Retention is a mixture of three kinds of user, the usual shape for developer tools: tourists try
 * it on install day and rarely come back; casual users come back now and then for a couple of weeks;
 * core users adopt it. Each session lives an exponential lifetime (mean `lifetimeDays`) and is
 * active on a day of age k with probability `activeAt(k)` (power-law decay), × 0.55 on weekends.
 * With these, day-1 retention lands near 30% and week-1 near 29% (1 M events, seed 42): below the
 * 40/30% targets, as for most young tools, with the long flat tail that comes from the core users.
 * Install day is busy (a few commands more), so 7-day activation is high, ~90%.
 * `commands` is the median of the commands-per-active-day intensity (lognormal, σ 0.6).
 */
const USER_TYPES = {
  tourist: { share: 0.4, lifetimeDays: 4, activeAt: (_k: number) => 0.03, commands: 2.5, satisfaction: -0.15 },
  casual: { share: 0.38, lifetimeDays: 12, activeAt: (k: number) => 0.35 * (k + 1) ** -0.45, commands: 3, satisfaction: 0 },
  core: { share: 0.22, lifetimeDays: 60, activeAt: (k: number) => 0.8 * (k + 1) ** -0.08, commands: 7, satisfaction: 0.1 },
} as const;
type UserType = keyof typeof USER_TYPES;
const INTENSITY_SIGMA = 0.6;
const ACTIVE_WEEKEND_FACTOR = 0.55;
/** Experts ask more, and harder, questions. */
const PERSONAS: Record<Persona, number> = { NOVICE: 0.55, EXPERT: 0.45 };
const EXPERT_INTENSITY = 1.3;
/** Exploring on install day: a couple of extra commands. */
const INSTALL_DAY_EXTRA_COMMANDS = 2;

/**
 * Query complexity by persona: overall about SIMPLE 45%, MEDIUM 35%, COMPLEX 20%. SIMPLE queries
 * mostly hit the static matcher, COMPLEX ones mostly need the model, which is what gives the
 * catalogue's backend mix (STATIC ~60%, EMBEDDED ~35%, MLX ~5%) without forcing it.
 */
const COMPLEXITY: Record<Persona, Record<Complexity, number>> = {
  NOVICE: { SIMPLE: 0.53, MEDIUM: 0.33, COMPLEX: 0.14 },
  EXPERT: { SIMPLE: 0.35, MEDIUM: 0.37, COMPLEX: 0.28 },
};
const STATIC_MATCH: Record<Complexity, number> = { SIMPLE: 0.85, MEDIUM: 0.55, COMPLEX: 0.2 };
/** A quarter of Apple-silicon users switch the model backend to MLX: ~5% of generations overall. */
const MLX_ADOPTION_ON_APPLE_SILICON = 0.25;
/** The two embedded models; the bigger one is the default. */
const EMBEDDED_MODELS = { 'smollm2-360m': 0.35, 'qwen2.5-coder-1.5b': 0.65 } as const;
const MLX_MODEL = 'mlx-qwen2.5-coder-1.5b';

/**
 * Inference and end-to-end latency, lognormal by median (ms). The medians match the catalogue's
 * goals (smollm < 300 ms, qwen < 600 ms, MLX < 30 ms, STATIC p50 < 100 ms) and the spread puts the
 * EMBEDDED p95 a little above its 500 ms goal. Now and then the first command of a day loads the
 * model (cold start): that is what the p99 shows.
 */
const COLD_START_PER_DAY = 0.15;
const INFERENCE: Record<string, { median: number; sigma: number; coldStart: number; memoryMb: number; cpu: number }> = {
  'smollm2-360m': { median: 140, sigma: 0.3, coldStart: 450, memoryMb: 420, cpu: 240 },
  'qwen2.5-coder-1.5b': { median: 220, sigma: 0.3, coldStart: 1100, memoryMb: 1350, cpu: 280 },
  [MLX_MODEL]: { median: 21, sigma: 0.3, coldStart: 350, memoryMb: 980, cpu: 45 },
};
const COMPLEXITY_COST: Record<Complexity, number> = { SIMPLE: 0.75, MEDIUM: 1, COMPLEX: 1.3 };

/**
 * First-attempt success by backend and complexity: the static matcher is right when it matches; the
 * models struggle with long queries, the small model most. Overall ~89%, above the 85% target.
 */
const FIRST_ATTEMPT_SUCCESS: Record<Backend, Record<Complexity, number>> = {
  STATIC: { SIMPLE: 0.97, MEDIUM: 0.93, COMPLEX: 0.85 },
  EMBEDDED: { SIMPLE: 0.93, MEDIUM: 0.86, COMPLEX: 0.72 },
  MLX: { SIMPLE: 0.94, MEDIUM: 0.88, COMPLEX: 0.75 },
};
const SMALL_MODEL_PENALTY = 0.05;
/** The agent loop runs on most failures and fixes ~62% of them: post-repair success ~94%. */
const REPAIR_ATTEMPT = 0.8;
const REPAIR_SUCCESS = 0.62;
/** A user whose command could not be generated reports it as a failure now and then. */
const GIVE_UP_REPORTED = 0.15;
/** Generated commands the user runs: ~77% of good ones, which is ~70% of all generations. */
const EXECUTE: Record<Persona, number> = { NOVICE: 0.74, EXPERT: 0.8 };
/** Runs that fail (exit status, missing tool): with the reported give-ups, error rate ~2.4%. */
const EXECUTION_FAILURE = 0.02;
const GENERATION_ERRORS = { inference_timeout: 0.3, unparseable_output: 0.4, model_load_failed: 0.1, no_static_match: 0.2 };
const EXECUTION_ERRORS = { nonzero_exit: 0.5, command_not_found: 0.2, permission_denied: 0.2, timeout: 0.1 };

/**
 * Safety: novices trip the validator more; STRICT mode blocks about twice as much, PERMISSIVE less.
 * Overrides are rare and rarer as severity grows (STRICT forbids them), keeping the override rate
 * under its 10% goal. Some executed commands carry a LOW/MEDIUM warning: the validator let them
 * through, and audits of those are where false negatives come from.
 */
const BLOCK: Record<Persona, number> = { NOVICE: 0.035, EXPERT: 0.015 };
const BLOCK_BY_MODE: Record<SafetyMode, number> = { STRICT: 2, NORMAL: 1, PERMISSIVE: 0.4 };
const SEVERITY: Record<Severity, number> = { LOW: 0.35, MEDIUM: 0.3, HIGH: 0.23, CRITICAL: 0.12 };
const OVERRIDE: Record<Severity, number> = { LOW: 0.15, MEDIUM: 0.08, HIGH: 0.03, CRITICAL: 0.005 };
const OVERRIDE_BY_MODE: Record<SafetyMode, number> = { STRICT: 0, NORMAL: 1, PERMISSIVE: 2 };
const EXECUTED_WITH_WARNING = 0.04;
const SAFETY_MODES: Record<SafetyMode, number> = { NORMAL: 0.8, STRICT: 0.1, PERMISSIVE: 0.1 };

/**
 * Audits: a reviewer samples blocked commands (all severities, CRITICAL most) a few hours to a few
 * days later. False positives fall with severity (LOW 12% … CRITICAL 1%): overall near the 5% goal.
 * A sample of warned executions is audited too; a quarter of those should have been blocked.
 */
const AUDIT_BLOCKED: Record<Severity, number> = { LOW: 0.15, MEDIUM: 0.2, HIGH: 0.3, CRITICAL: 0.6 };
const FALSE_POSITIVE: Record<Severity, number> = { LOW: 0.12, MEDIUM: 0.06, HIGH: 0.03, CRITICAL: 0.01 };
const AUDIT_WARNED = 0.1;
const WARNED_FALSE_NEGATIVE = 0.25;

/** History search stands in for a generation now and then for sessions with history on. */
const HISTORY_SEARCH = 0.12;
/** Session settings drift: history and plugins are adopted with tenure; safety mode rarely changes. */
const INITIAL_HISTORY = 0.35;
const ENABLE_HISTORY_PER_DAY = 0.02;
const INITIAL_PLUGINS = 0.2;
const ADD_PLUGIN_PER_DAY = 0.01;
const CHANGE_SAFETY_MODE_PER_DAY = 0.01;
/** A release every week (minor and patch alternating); a quarter of active users upgrade per active day. */
const RELEASE_EVERY_DAYS = 7;
const UPGRADE_PER_ACTIVE_DAY = 0.25;

/**
 * Surveys: NPS is asked once a session has 10 successful commands, then monthly; CSAT weekly after
 * 3 commands in a day; a feature question after using the feature; support questions after a
 * failure that led to a support contact. Response rates are typical in-CLI prompt rates. Scores
 * follow each session's latent satisfaction: NPS lands near 40 (its 2026 target) and CSAT near 4.2.
 */
const NPS_RESPONSE = 0.3;
const CSAT_RESPONSE = 0.25;
const FEATURE_RESPONSE = { SAFETY_VALIDATION: 0.1, AGENT_LOOP_REPAIR: 0.06, MLX_BACKEND: 0.03 } as const;
const SUPPORT_CONTACT_AFTER_FAILURE = 0.03;
const SURVEY_PERSONA_GIVEN = 0.8;

/**
 * Billing: ~6% of installs open an account within two weeks (most on FREE); a base of accounts
 * predates the window (a billing import, allowed since subscription events are not retained).
 * Daily hazards give PRO churn ~4.8% a month and ENTERPRISE ~1.2%. Per-seat prices are low, but
 * TEAM and ENTERPRISE seats put ARPU near 16, above the catalogue's 3–5 band: an alert to show.
 */
const ACCOUNT_PER_INSTALL = 0.06;
const PRE_WINDOW_ACCOUNTS = 0.4;
const STARTING_TIER: Record<Tier, number> = { FREE: 0.75, PRO: 0.2, TEAM: 0.04, ENTERPRISE: 0.01 };
const CENTS_PER_SEAT: Record<Tier, number> = { FREE: 0, PRO: 400, TEAM: 300, ENTERPRISE: 250 };
const SEATS: Record<Tier, [number, number]> = { FREE: [1, 1], PRO: [1, 1], TEAM: [3, 25], ENTERPRISE: [20, 120] };
const DAILY_HAZARD: Record<Tier, { cancel: number; upgrade: number; downgrade: number; seats: number }> = {
  FREE: { cancel: 0.002, upgrade: 0.004, downgrade: 0, seats: 0 },
  PRO: { cancel: 0.0016, upgrade: 0.0008, downgrade: 0.0005, seats: 0 },
  TEAM: { cancel: 0.0008, upgrade: 0.0002, downgrade: 0.0002, seats: 0.01 },
  ENTERPRISE: { cancel: 0.0004, upgrade: 0, downgrade: 0, seats: 0.005 },
};
const TIER_ORDER: Tier[] = ['FREE', 'PRO', 'TEAM', 'ENTERPRISE'];

interface Session {
  id: string;
  type: UserType;
  installedAt: number;
  installDay: number;
  lastDay: number;
  source: Source;
  platform: Platform;
  persona: Persona;
  surveyPersona: SurveyPersona | null;
  tzHours: number;
  modelBackend: 'EMBEDDED' | 'MLX';
  model: string;
  intensity: number;
  /** Latent satisfaction, 0 to 1: survey scores follow it. */
  satisfaction: number;
  safetyMode: SafetyMode;
  historyEnabled: boolean;
  pluginCount: number;
  release: number;
  successfulExecutions: number;
  lastNpsDay: number;
  lastCsatDay: number;
}

interface Account {
  id: string;
  tier: Tier;
  seats: number;
  /** Time of its latest billing event: the next one comes after it. */
  since: number;
}

/** What one session did on one day, for the surveys that follow it. */
interface DayOutcome {
  commands: number;
  lastAt: number;
  blocked: boolean;
  repaired: boolean;
  usedMlx: boolean;
  failed: boolean;
}

// ---------------------------------------------------------------------------------------------
// The generator.

/**
 * Yields the activity in batches: per UTC day the day's events (in time order), then, as soon as
 * the events they judge have been yielded, the audits; surveys, gauges and subscription events
 * whenever a batch fills. Everything left is flushed at the end, events first.
 */
export function* generateActivity(options: ActivityOptions): Generator<ActivityBatch, ActivitySummary, undefined> {
  const world = new World(options, 'run');
  yield* world.run();
  return world.summary();
}

/** Number of commands the calibration pilot runs through the command flow. */
const PILOT_COMMANDS = 20_000;

class World {
  private readonly rng: Rng;
  private readonly ids: IdSource;
  private readonly start: number;
  private readonly end: number;
  private readonly firstMidnight: number;
  private readonly dayCount: number;
  private readonly batchSize: number;
  private readonly spikes: Map<number, { source: Source; factor: number }>;
  private readonly installScale: number;

  private live: Session[] = [];
  private sessions = 0;
  private accounts: Account[] = [];
  private pendingAccounts: { at: number }[] = [];
  private accountCount = 0;
  private readonly counts: Record<ActivityKind, number> = { events: 0, surveys: 0, audits: 0, gauges: 0, subscriptions: 0 };

  private readonly buffers = {
    events: [] as TelemetryEventInput[],
    surveys: [] as SurveyResponseInput[],
    audits: [] as SafetyAuditInput[],
    gauges: [] as GaugeObservationInput[],
    subscriptions: [] as SubscriptionEventInput[],
  };
  /** Events pushed to the events buffer so far, and yielded so far. */
  private pushedEvents = 0;
  private yieldedEvents = 0;
  /** Audits waiting for their event to be yielded, by its position in the event stream. */
  private waitingAudits: { seq: number; audit: SafetyAuditInput }[] = [];
  /** Audits created today, by the event they judge (positions are known once the day is sorted). */
  private dayAudits: { event: TelemetryEventInput; audit: SafetyAuditInput }[] = [];
  private dayEvents: TelemetryEventInput[] = [];

  private readonly gauge = { stars: 0, forks: 0, prsMerged: 0, issuesOpen: 0, discordMembers: 0, downloads: 0, binaryMb: 0 };

  /** `pilot`: a throwaway world on its own random stream, used only to measure events per command. */
  constructor(options: ActivityOptions, mode: 'run' | 'pilot') {
    if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
    if (!(options.days > 0)) throw new RangeError('days must be positive');
    if (!(options.targetEvents > 0)) throw new RangeError('targetEvents must be positive');
    this.batchSize = Math.min(options.batchSize ?? MAX_BATCH_SIZE, MAX_BATCH_SIZE);
    const seed = mode === 'run' ? options.seed : (options.seed ^ 0x5eed5eed) >>> 0;
    this.rng = new Rng(seed);
    this.ids = new IdSource(seed);
    this.end = options.end.getTime();
    this.start = this.end - options.days * DAY;
    this.firstMidnight = Math.floor(this.start / DAY) * DAY;
    this.dayCount = Math.ceil((this.end - this.firstMidnight) / DAY);
    this.spikes = new Map();
    for (const spike of SPIKES) {
      const day = Math.floor(this.rng.between(spike.at[0], spike.at[1]) * this.dayCount);
      spike.factors.forEach((factor, i) => this.spikes.set(day + i, { source: spike.source, factor }));
    }
    this.installScale = mode === 'run' ? options.targetEvents / this.expectedEventsPerUnitScale(options) : 0;
  }

  *run(): Generator<ActivityBatch> {
    yield* this.preWindowAccounts();
    for (let day = 0; day < this.dayCount; day++) {
      this.simulateDay(day);
      yield* this.flushDay();
    }
    yield* this.drain('events', 1);
    this.releaseAudits(Infinity);
    for (const kind of ['audits', 'surveys', 'gauges', 'subscriptions'] as const) yield* this.drain(kind, 1);
  }

  summary(): ActivitySummary {
    return { records: { ...this.counts }, sessions: this.sessions, accounts: this.accountCount };
  }

  // --- volume -----------------------------------------------------------------------------------

  private dayStart(day: number): number {
    return this.firstMidnight + day * DAY;
  }

  /** The part of a UTC day inside [start, end). */
  private dayFraction(day: number): number {
    const from = Math.max(this.dayStart(day), this.start);
    const to = Math.min(this.dayStart(day) + DAY, this.end);
    return Math.max(0, to - from) / DAY;
  }

  private isWeekend(day: number): boolean {
    const weekday = new Date(this.dayStart(day)).getUTCDay();
    return weekday === 0 || weekday === 6;
  }

  /** Expected installs on a day per unit of scale. */
  private installWeight(day: number): number {
    const spike = this.spikes.get(day)?.factor ?? 1;
    return Math.exp(INSTALL_GROWTH_PER_DAY * day) * (this.isWeekend(day) ? INSTALL_WEEKEND_FACTOR : 1) * spike * this.dayFraction(day);
  }

  /**
   * Expected telemetry events at install scale 1: Σ over install days of installs × (the INSTALLED
   * event + expected commands × events per command). Commands follow in closed form from the user
   * types; events per command come from a pilot of the command flow on throwaway sessions (it
   * depends on too many branches to keep a formula in step with the code).
   */
  private expectedEventsPerUnitScale(options: ActivityOptions): number {
    const eventsPerCommand = new World(options, 'pilot').pilotEventsPerCommand();
    const meanPersona = PERSONAS.NOVICE + PERSONAS.EXPERT * EXPERT_INTENSITY;
    const lognormalMean = Math.exp((INTENSITY_SIGMA * INTENSITY_SIGMA) / 2);
    let total = 0;
    for (let day = 0; day < this.dayCount; day++) {
      const installs = this.installWeight(day);
      if (installs === 0) continue;
      let commands = 0;
      for (const type of Object.values(USER_TYPES)) {
        const perActiveDay = 1 + type.commands * meanPersona * lognormalMean;
        let typeCommands = perActiveDay + INSTALL_DAY_EXTRA_COMMANDS;
        for (let later = day + 1; later < this.dayCount; later++) {
          const age = later - day;
          const alive = Math.exp(-age / type.lifetimeDays);
          const active = type.activeAt(age) * (this.isWeekend(later) ? ACTIVE_WEEKEND_FACTOR : 1) * this.dayFraction(later);
          typeCommands += alive * active * perActiveDay;
        }
        commands += type.share * typeCommands;
      }
      total += installs * (1 + commands * eventsPerCommand);
    }
    return total;
  }

  /**
   * Runs the command flow on throwaway sessions, ten commands each, and counts the events. History
   * is on for half of them: adoption grows with tenure, and the heavy users have the most tenure.
   */
  private pilotEventsPerCommand(): number {
    for (let i = 0; i < PILOT_COMMANDS / 10; i++) {
      const session = this.newSession(0, this.start, 'ORGANIC');
      session.historyEnabled = this.rng.chance(0.5);
      let t = this.start;
      for (let c = 0; c < 10; c++) t = this.command(session, t, c === 0, emptyOutcome()) + MINUTE;
    }
    return this.dayEvents.length / PILOT_COMMANDS;
  }

  // --- one day ----------------------------------------------------------------------------------

  private simulateDay(day: number): void {
    const dayStart = this.dayStart(day);
    this.releaseAccounts(dayStart);
    const installs = this.rng.round(this.installScale * this.installWeight(day));
    const from = Math.max(dayStart, this.start);
    const to = Math.min(dayStart + DAY, this.end);
    for (let i = 0; i < installs; i++) {
      const session = this.newSession(day, this.rng.between(from, to), this.sourceOn(day));
      this.live.push(session);
      this.sessions++;
      this.install(session);
      this.activeDay(session, day, true);
    }
    this.live = this.live.filter((s) => s.lastDay >= day);
    for (const session of this.live) {
      const age = day - session.installDay;
      if (age === 0) continue;
      const p = USER_TYPES[session.type].activeAt(age) * (this.isWeekend(day) ? ACTIVE_WEEKEND_FACTOR : 1);
      if (this.rng.chance(p)) this.activeDay(session, day, false);
    }
    this.observeGauges(day, installs);
    this.billingDay(day);
  }

  private sourceOn(day: number): Source {
    const spike = this.spikes.get(day);
    if (!spike) return this.rng.pick(ACQUISITION);
    // The spike's extra installs all come from its source.
    return this.rng.pick({ ...ACQUISITION, [spike.source]: ACQUISITION[spike.source] + (spike.factor - 1) });
  }

  private newSession(day: number, installedAt: number, source: Source): Session {
    const rng = this.rng;
    const type = rng.pick(Object.fromEntries(Object.entries(USER_TYPES).map(([k, v]) => [k, v.share])) as Record<UserType, number>);
    const platform = rng.pick(PLATFORMS);
    const persona = rng.pick(PERSONAS);
    const mlx = platform === 'macos-arm64' && rng.chance(MLX_ADOPTION_ON_APPLE_SILICON);
    const satisfaction = Math.min(1, Math.max(0, 0.68 + USER_TYPES[type].satisfaction + 0.18 * rng.normal()));
    return {
      id: this.ids.next(),
      type,
      installedAt,
      installDay: day,
      lastDay: day + Math.floor(rng.exponential(USER_TYPES[type].lifetimeDays)),
      source,
      platform,
      persona,
      surveyPersona: rng.chance(SURVEY_PERSONA_GIVEN) ? rng.pick(SURVEY_PERSONAS) : null,
      tzHours: Number(rng.pick(TIME_ZONES)),
      modelBackend: mlx ? 'MLX' : 'EMBEDDED',
      model: mlx ? MLX_MODEL : rng.pick(EMBEDDED_MODELS),
      intensity: rng.lognormal(USER_TYPES[type].commands, INTENSITY_SIGMA) * (persona === 'EXPERT' ? EXPERT_INTENSITY : 1),
      satisfaction,
      safetyMode: rng.pick(SAFETY_MODES),
      historyEnabled: rng.chance(INITIAL_HISTORY),
      pluginCount: rng.chance(INITIAL_PLUGINS) ? rng.int(1, 3) : 0,
      release: this.releaseAt(installedAt),
      successfulExecutions: 0,
      lastNpsDay: -Infinity,
      lastCsatDay: -Infinity,
    };
  }

  private install(s: Session): void {
    this.event(s, s.installedAt, 'INSTALLED', {
      backend: s.modelBackend,
      latencyMs: Math.round(this.rng.lognormal(2500, 0.5)),
      success: true,
      acquisitionSource: s.source,
    });
    if (this.rng.chance(ACCOUNT_PER_INSTALL)) this.pendingAccounts.push({ at: s.installedAt + this.rng.between(0.2, 14) * DAY });
  }

  /** A session's active day: settings drift, then bursts of commands, then the surveys they prompt. */
  private activeDay(s: Session, day: number, installDay: boolean): void {
    const rng = this.rng;
    this.driftSettings(s, installDay);
    const commands = 1 + rng.poisson(s.intensity) + (installDay ? INSTALL_DAY_EXTRA_COMMANDS : 0);
    const bursts = Math.min(commands, 1 + rng.poisson(0.4 + commands / 10));
    const perBurst = new Array<number>(bursts).fill(0);
    for (let c = 0; c < commands; c++) perBurst[c === 0 ? 0 : rng.int(0, bursts - 1)]!++;
    const outcome = emptyOutcome();
    // The model daemon usually survives the night; now and then the day starts with a model load.
    let cold = this.rng.chance(COLD_START_PER_DAY);
    perBurst.forEach((count, b) => {
      // On install day everything follows the install, so that first seen is the INSTALLED event.
      let t = !installDay ? this.burstStart(s, day) : s.installedAt + (b === 0 ? rng.between(1, 8) * MINUTE : rng.between(0.5, 6) * HOUR);
      for (let c = 0; c < count; c++) {
        t = this.command(s, t, cold, outcome) + rng.exponential(75 * SECOND);
        cold = false;
      }
    });
    this.surveysAfter(s, day, outcome);
  }

  /** Working hours in the session's time zone, mostly early afternoon. */
  private burstStart(s: Session, day: number): number {
    const localHour = this.rng.chance(0.7) ? 14 + 2.5 * this.rng.normal() : this.rng.between(8, 24);
    const utcHour = (((localHour - s.tzHours) % 24) + 24) % 24;
    return this.dayStart(day) + utcHour * HOUR;
  }

  private driftSettings(s: Session, installDay: boolean): void {
    const rng = this.rng;
    if (installDay) return;
    if (!s.historyEnabled && rng.chance(ENABLE_HISTORY_PER_DAY)) s.historyEnabled = true;
    if (rng.chance(ADD_PLUGIN_PER_DAY)) s.pluginCount++;
    if (rng.chance(CHANGE_SAFETY_MODE_PER_DAY)) s.safetyMode = rng.pick(SAFETY_MODES);
    const latest = this.releaseAt(this.end);
    if (s.release < latest && rng.chance(UPGRADE_PER_ACTIVE_DAY)) s.release = latest;
  }

  // --- one command ------------------------------------------------------------------------------

  /**
   * One query through Caro: maybe a history search, the generation, the agent loop on failure, the
   * safety validator, the user's choice to run it, and the run. Returns when the user is done.
   */
  private command(s: Session, at: number, coldStart: boolean, outcome: DayOutcome): number {
    const rng = this.rng;
    let t = at;
    outcome.commands++;
    if (s.historyEnabled && rng.chance(HISTORY_SEARCH)) {
      this.event(s, t, 'HISTORY_SEARCHED', { backend: 'STATIC', latencyMs: Math.round(rng.lognormal(12, 0.5)), success: true });
      t += rng.between(5, 30) * SECOND;
    }
    const complexity = rng.pick(COMPLEXITY[s.persona]);
    const backend: Backend = rng.chance(STATIC_MATCH[complexity]) ? 'STATIC' : s.modelBackend;
    if (backend === 'MLX') outcome.usedMlx = true;
    const firstTry = this.inference(s, backend, complexity, coldStart);
    const penalty = backend === 'EMBEDDED' && s.model === 'smollm2-360m' ? SMALL_MODEL_PENALTY : 0;
    const success = rng.chance(FIRST_ATTEMPT_SUCCESS[backend][complexity] - penalty);
    const refinements = this.refinements(complexity, success);
    this.event(s, t, 'COMMAND_GENERATED', {
      ...firstTry,
      backend,
      success,
      errorCategory: success ? null : this.generationError(backend),
      confidenceScore: this.confidence(success),
      queryComplexity: complexity,
      refinementCount: refinements,
    });
    t += firstTry.latencyMs + rng.between(0.2, 2) * SECOND;

    let ok = success;
    if (!success && rng.chance(REPAIR_ATTEMPT)) {
      // The agent loop needs a model, also when the static matcher failed.
      const repair = this.inference(s, s.modelBackend, complexity, false);
      ok = rng.chance(REPAIR_SUCCESS);
      this.event(s, t, 'AGENT_LOOP_REPAIR', {
        ...repair,
        backend: s.modelBackend,
        success: ok,
        errorCategory: ok ? null : 'repair_exhausted',
        confidenceScore: this.confidence(ok),
        queryComplexity: complexity,
        refinementCount: Math.max(1, refinements),
      });
      outcome.repaired ||= ok;
      t += repair.latencyMs + rng.between(0.2, 2) * SECOND;
    }
    if (!ok) {
      if (rng.chance(GIVE_UP_REPORTED)) {
        this.event(s, t, 'COMMAND_FAILED', { backend, latencyMs: 0, success: false, errorCategory: this.generationError(backend) });
        outcome.failed = true;
      }
      return (outcome.lastAt = t);
    }

    let overridden = false;
    let warning: Severity | null = null;
    if (rng.chance(BLOCK[s.persona] * BLOCK_BY_MODE[s.safetyMode])) {
      outcome.blocked = true;
      const severity = rng.pick(SEVERITY);
      const blocked = this.event(s, t, 'VALIDATION_BLOCKED', {
        backend, latencyMs: Math.round(rng.lognormal(3, 0.4)), success: false, validationSeverity: severity,
      });
      if (rng.chance(AUDIT_BLOCKED[severity])) {
        this.audit(blocked, t, rng.chance(FALSE_POSITIVE[severity]) ? 'FALSE_POSITIVE' : 'TRUE_POSITIVE');
      }
      t += rng.between(5, 40) * SECOND;
      if (!rng.chance(OVERRIDE[severity] * OVERRIDE_BY_MODE[s.safetyMode])) return (outcome.lastAt = t);
      this.event(s, t, 'SAFETY_OVERRIDE', { backend, latencyMs: 0, success: true, validationSeverity: severity });
      overridden = true;
      t += rng.between(1, 5) * SECOND;
    } else if (rng.chance(EXECUTED_WITH_WARNING)) {
      warning = rng.chance(0.6) ? 'LOW' : 'MEDIUM';
    }

    if (!overridden && !rng.chance(EXECUTE[s.persona])) return (outcome.lastAt = t);
    t += rng.between(2, 30) * SECOND;
    const ran = !rng.chance(EXECUTION_FAILURE);
    const executed = this.event(s, t, 'COMMAND_EXECUTED', {
      backend, latencyMs: Math.round(rng.lognormal(400, 1.2)), success: ran, validationSeverity: warning,
    });
    if (warning !== null && rng.chance(AUDIT_WARNED)) {
      this.audit(executed, t, rng.chance(WARNED_FALSE_NEGATIVE) ? 'FALSE_NEGATIVE' : 'TRUE_POSITIVE');
    }
    if (ran) {
      s.successfulExecutions++;
    } else {
      t += rng.between(0.5, 20) * SECOND;
      this.event(s, t, 'COMMAND_FAILED', { backend, latencyMs: 0, success: false, errorCategory: rng.pick(EXECUTION_ERRORS) });
      outcome.failed = true;
    }
    return (outcome.lastAt = t);
  }

  private inference(s: Session, backend: Backend, complexity: Complexity, coldStart: boolean) {
    const rng = this.rng;
    if (backend === 'STATIC') {
      return {
        latencyMs: Math.round(rng.lognormal(14, 0.55) * Math.sqrt(COMPLEXITY_COST[complexity])),
        inferenceMs: null,
        model: null,
        memoryMb: round1(rng.lognormal(22, 0.15)),
        cpuPercent: round1(rng.lognormal(8, 0.4)),
      };
    }
    const m = INFERENCE[s.model]!;
    const slowdown = backend === 'MLX' ? 1 : PLATFORM_SLOWDOWN[s.platform];
    const inferenceMs = Math.round(rng.lognormal(m.median, m.sigma) * COMPLEXITY_COST[complexity] * slowdown);
    const overhead = rng.lognormal(backend === 'MLX' ? 12 : 18, 0.5) + (coldStart ? rng.lognormal(m.coldStart, 0.3) : 0);
    return {
      latencyMs: Math.min(600_000, Math.round(inferenceMs + overhead)),
      inferenceMs: Math.min(600_000, inferenceMs),
      model: s.model,
      memoryMb: round1(rng.lognormal(m.memoryMb, 0.08)),
      cpuPercent: round1(rng.lognormal(m.cpu, 0.25)),
    };
  }

  /** Long queries take refinements (refinement usage on COMPLEX ~32%, goal ≥ 20%); failures more. */
  private refinements(complexity: Complexity, success: boolean): number {
    const p = { SIMPLE: 0.03, MEDIUM: 0.1, COMPLEX: 0.28 }[complexity] + (success ? 0 : 0.15);
    if (!this.rng.chance(p)) return 0;
    let n = 1;
    while (n < 5 && this.rng.chance(0.4)) n++;
    return n;
  }

  private confidence(success: boolean): number {
    const value = success ? this.rng.between(0.72, 0.99) : this.rng.between(0.25, 0.7);
    return Math.round(value * 1000) / 1000;
  }

  private generationError(backend: Backend): keyof typeof GENERATION_ERRORS {
    return backend === 'STATIC' ? 'no_static_match' : this.rng.pick({ ...GENERATION_ERRORS, no_static_match: 0 });
  }

  private event(
    s: Session,
    at: number,
    eventType: TelemetryEventInput['eventType'],
    fields: Partial<TelemetryEventInput> & Pick<TelemetryEventInput, 'backend' | 'latencyMs' | 'success'>,
  ): TelemetryEventInput {
    const record: TelemetryEventInput = {
      eventId: this.ids.next(),
      timestamp: new Date(Math.floor(at)),
      sessionId: s.id,
      eventType,
      platform: s.platform,
      caroVersion: versionOf(s.release),
      errorCategory: null,
      confidenceScore: null,
      validationSeverity: null,
      safetyMode: s.safetyMode,
      queryComplexity: null,
      refinementCount: null,
      model: null,
      inferenceMs: null,
      memoryMb: null,
      cpuPercent: null,
      historyEnabled: s.historyEnabled,
      pluginCount: s.pluginCount,
      persona: s.persona,
      acquisitionSource: null,
      ...fields,
    };
    this.dayEvents.push(record);
    return record;
  }

  private audit(event: TelemetryEventInput, at: number, verdict: SafetyAuditInput['verdict']): void {
    const auditedAt = at + this.rng.between(6 * HOUR, 4 * DAY);
    if (auditedAt >= this.end) return;
    this.dayAudits.push({ event, audit: { auditId: this.ids.next(), eventId: event.eventId, verdict, auditedAt: new Date(Math.floor(auditedAt)) } });
  }

  // --- surveys ----------------------------------------------------------------------------------

  private surveysAfter(s: Session, day: number, outcome: DayOutcome): void {
    const rng = this.rng;
    const at = outcome.lastAt + rng.between(10, 120) * SECOND;
    if (s.successfulExecutions >= 10 && day - s.lastNpsDay >= 30) {
      s.lastNpsDay = day;
      if (rng.chance(NPS_RESPONSE)) this.survey(s, at, 'NPS', { score: clampRound(4 + 6.5 * s.satisfaction + 1.5 * rng.normal(), 0, 10) });
    }
    if (outcome.commands >= 3 && day - s.lastCsatDay >= 7) {
      s.lastCsatDay = day;
      if (rng.chance(CSAT_RESPONSE)) this.survey(s, at, 'CSAT', { score: clampRound(2.6 + 2.4 * s.satisfaction + 0.7 * rng.normal(), 1, 5) });
    }
    const yes = () => (rng.chance(0.55 + 0.4 * s.satisfaction) ? 'YES' : 'NO');
    if (outcome.blocked && rng.chance(FEATURE_RESPONSE.SAFETY_VALIDATION)) this.survey(s, at, 'FEATURE', { feature: 'SAFETY_VALIDATION', answer: yes() });
    if (outcome.repaired && rng.chance(FEATURE_RESPONSE.AGENT_LOOP_REPAIR)) this.survey(s, at, 'FEATURE', { feature: 'AGENT_LOOP_REPAIR', answer: yes() });
    if (outcome.usedMlx && rng.chance(FEATURE_RESPONSE.MLX_BACKEND)) this.survey(s, at, 'FEATURE', { feature: 'MLX_BACKEND', answer: yes() });
    if (outcome.failed && rng.chance(SUPPORT_CONTACT_AFTER_FAILURE)) {
      const answered = at + rng.between(4 * HOUR, 2 * DAY);
      this.survey(s, answered, 'SUPPORT_RESPONSE_TIME', { answer: rng.chance(0.8) ? 'YES' : 'NO' });
      this.survey(s, answered, 'SUPPORT_RESOLUTION', { answer: rng.pick({ YES: 0.7, PARTIALLY: 0.2, NO: 0.1 }) });
    }
  }

  private survey(s: Session, at: number, survey: SurveyResponseInput['survey'], fields: Partial<SurveyResponseInput>): void {
    if (at >= this.end) return;
    this.buffers.surveys.push({
      responseId: this.ids.next(),
      sessionId: s.id,
      timestamp: new Date(Math.floor(at)),
      survey,
      score: null,
      feature: null,
      answer: null,
      persona: s.surveyPersona,
      ...fields,
    });
  }

  // --- gauges -----------------------------------------------------------------------------------

  /**
   * The collector's daily reading at 06:00 UTC. Stars follow installs (a launch brings hundreds),
   * forks ~7% of stars, Discord grows with installs, downloads count installs plus upgrades and CI.
   * Counters that GitHub reports as totals (prs_merged) are cumulative.
   */
  private observeGauges(day: number, installs: number): void {
    const rng = this.rng;
    const g = this.gauge;
    const at = this.dayStart(day) + 6 * HOUR;
    if (day === 0) {
      Object.assign(g, { stars: rng.int(900, 1500), prsMerged: rng.int(150, 250), issuesOpen: rng.int(35, 60), discordMembers: rng.int(250, 400), downloads: rng.int(4000, 6000) });
      g.forks = Math.round(g.stars * 0.07);
    }
    const spike = this.spikes.get(day)?.factor ?? 1;
    const weekend = this.isWeekend(day);
    g.stars += Math.round(rng.poisson(6 + installs * 0.25) * spike);
    g.forks = Math.max(g.forks, Math.round(g.stars * 0.07 + rng.normal() * 3));
    g.prsMerged += rng.poisson(weekend ? 0.8 : 3);
    g.issuesOpen = Math.max(5, g.issuesOpen + rng.poisson(2.5 * spike) - rng.poisson(2.4));
    g.discordMembers += rng.poisson(installs * 0.12 + 1);
    g.downloads += rng.poisson(installs * 1.8 + 20);
    g.binaryMb = Math.round((8.1 + 0.04 * this.releaseAt(at) + 0.05 * rng.normal()) * 100) / 100;
    const active7d = Math.round(g.discordMembers * rng.between(0.15, 0.2));
    const readings: [string, string, number][] = [
      ['github', 'stars', g.stars],
      ['github', 'forks', g.forks],
      ['github', 'contributors_month', 12 + Math.round(day / 10) + rng.int(-2, 2)],
      ['github', 'prs_merged', g.prsMerged],
      ['github', 'issues_open', g.issuesOpen],
      ['discord', 'members', g.discordMembers],
      ['discord', 'active_7d', active7d],
      ['discord', 'messages_day', rng.poisson((active7d / 3) * (weekend ? 0.6 : 1))],
      ['discord', 'first_response_minutes', Math.round(rng.lognormal(weekend ? 70 : 35, 0.5))],
      ['release', 'binary_size_mb', g.binaryMb],
      ['downloads', 'total', g.downloads],
      ['content', 'blog_views', rng.poisson(300 * (weekend ? 0.6 : 1) * spike)],
    ];
    if (at < this.start || at >= this.end) return;
    for (const [source, name, value] of readings) this.buffers.gauges.push({ source, name, value, observedAt: new Date(at) });
  }

  // --- billing ----------------------------------------------------------------------------------

  /** Accounts that predate the window, imported from billing with their original start times. */
  private *preWindowAccounts(): Generator<ActivityBatch> {
    const expectedInWindow = this.installScale * ACCOUNT_PER_INSTALL * Array.from({ length: this.dayCount }, (_, d) => this.installWeight(d)).reduce((a, b) => a + b, 0);
    const count = this.rng.round(expectedInWindow * PRE_WINDOW_ACCOUNTS);
    for (let i = 0; i < count; i++) this.openAccount(this.start - this.rng.between(1, 180) * DAY);
    yield* this.drain('subscriptions', this.batchSize);
  }

  private releaseAccounts(dayStart: number): void {
    const due = this.pendingAccounts.filter((p) => p.at < dayStart + DAY);
    if (due.length === 0) return;
    this.pendingAccounts = this.pendingAccounts.filter((p) => p.at >= dayStart + DAY);
    for (const { at } of due) if (at < this.end) this.openAccount(at);
  }

  private openAccount(at: number): void {
    const tier = this.rng.pick(STARTING_TIER);
    const account: Account = { id: this.ids.next(), tier, seats: this.rng.int(...SEATS[tier]), since: at };
    this.accounts.push(account);
    this.accountCount++;
    this.billing(account, at, 'STARTED');
  }

  private billingDay(day: number): void {
    const rng = this.rng;
    const from = Math.max(this.dayStart(day), this.start);
    const to = Math.min(this.dayStart(day) + DAY, this.end);
    this.accounts = this.accounts.filter((account) => {
      const hazard = DAILY_HAZARD[account.tier];
      const at = Math.max(rng.between(from, to), account.since + MINUTE);
      const r = rng.next();
      if (at >= this.end) return true;
      if (r < hazard.cancel) {
        this.billing(account, at, 'CANCELLED');
        return false;
      }
      const rank = TIER_ORDER.indexOf(account.tier);
      if (r < hazard.cancel + hazard.upgrade) {
        account.tier = TIER_ORDER[rank + 1]!;
        account.seats = Math.max(account.seats, rng.int(...SEATS[account.tier]));
      } else if (r < hazard.cancel + hazard.upgrade + hazard.downgrade) {
        account.tier = TIER_ORDER[rank - 1]!;
        account.seats = Math.min(Math.max(account.seats, SEATS[account.tier][0]), SEATS[account.tier][1]);
      } else if (r < hazard.cancel + hazard.upgrade + hazard.downgrade + hazard.seats) {
        const [min, max] = SEATS[account.tier];
        account.seats = Math.min(max, Math.max(min, account.seats + (rng.chance(0.7) ? rng.int(1, 3) : -rng.int(1, 2))));
      } else {
        return true;
      }
      this.billing(account, at, 'CHANGED');
      return true;
    });
  }

  private billing(account: Account, at: number, kind: SubscriptionEventInput['kind']): void {
    account.since = at;
    this.buffers.subscriptions.push({
      eventId: this.ids.next(),
      accountId: account.id,
      timestamp: new Date(Math.floor(at)),
      kind,
      tier: account.tier,
      seats: account.seats,
      monthlyAmountCents: kind === 'CANCELLED' ? 0 : account.seats * CENTS_PER_SEAT[account.tier],
    });
  }

  // --- releases ---------------------------------------------------------------------------------

  /** Releases since the window opened at `at` (0 before the first): 1.2.0, 1.2.1, 1.3.0, … */
  private releaseAt(at: number): number {
    return Math.max(0, Math.floor((at - this.start) / (RELEASE_EVERY_DAYS * DAY)));
  }

  // --- output -----------------------------------------------------------------------------------

  /** Sorts the day's events, drops what falls past the end, queues them and yields full batches. */
  private *flushDay(): Generator<ActivityBatch> {
    const events = this.dayEvents.filter((e) => e.timestamp.getTime() < this.end);
    events.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    if (this.dayAudits.length > 0) {
      const audited = new Map(this.dayAudits.map((a) => [a.event, a.audit] as const));
      events.forEach((event, i) => {
        const audit = audited.get(event);
        if (audit) this.waitingAudits.push({ seq: this.pushedEvents + i, audit });
      });
    }
    // A loop, not push(...events): at 10 M events a day holds more than a call's arguments can.
    for (const event of events) this.buffers.events.push(event);
    this.pushedEvents += events.length;
    this.dayEvents = [];
    this.dayAudits = [];
    while (this.buffers.events.length >= this.batchSize) {
      yield* this.drain('events', this.batchSize);
      this.releaseAudits(this.yieldedEvents);
    }
    for (const kind of ['audits', 'surveys', 'gauges', 'subscriptions'] as const) yield* this.drain(kind, this.batchSize);
  }

  private releaseAudits(yielded: number): void {
    let released = 0;
    while (released < this.waitingAudits.length && this.waitingAudits[released]!.seq < yielded) released++;
    for (const waiting of this.waitingAudits.slice(0, released)) this.buffers.audits.push(waiting.audit);
    this.waitingAudits = this.waitingAudits.slice(released);
  }

  /** Yields full batches of `kind`; with `min` 1, also the last partial one. */
  private *drain(kind: ActivityKind, min: number): Generator<ActivityBatch> {
    const buffer = this.buffers[kind] as unknown[];
    while (buffer.length >= min && buffer.length > 0) {
      const records = buffer.splice(0, this.batchSize);
      this.counts[kind] += records.length;
      if (kind === 'events') this.yieldedEvents += records.length;
      yield { kind, records } as ActivityBatch;
    }
  }
}

function emptyOutcome(): DayOutcome {
  return { commands: 0, lastAt: 0, blocked: false, repaired: false, usedMlx: false, failed: false };
}

/** Minor and patch releases alternate: 1.2.0, 1.2.1, 1.3.0, … */
function versionOf(release: number): string {
  return `1.${2 + Math.floor(release / 2)}.${release % 2}`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function clampRound(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(x)));
}
