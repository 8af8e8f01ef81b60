/**
 * The vocabulary of record descriptions (src/ingestion/records.ts): one builder per kind of field,
 * each making the zod rule and, from the same bound, pattern or list, the GraphQL type and
 * description and the column type. A bound is written once, as the builder's argument.
 */
import { z } from 'zod';
import { PATTERNS } from './contract.js';

/** The GraphQL type a field is sent as. */
export type GraphqlType = 'UUID' | 'DateTime' | 'String' | 'Int' | 'Float' | 'Boolean';
/** The column's PostgreSQL type (the bulk insert casts to it; SQLite stores the value as it is). */
export type PgType = 'text' | 'timestamptz' | 'integer' | 'float8' | 'boolean';

/** What a builder makes: the rule and how it shows in GraphQL and in the database. */
export interface FieldRule<Rule extends z.ZodType = z.ZodType> {
  /** Checks the value a client sends and gives the value stored. */
  readonly rule: Rule;
  readonly graphql: GraphqlType;
  readonly pgType: PgType;
  /** Not null in GraphQL and in the column. */
  readonly required: boolean;
  /** The GraphQL description: the rule in words, bounds and allowed values included. */
  readonly description: string | undefined;
  /** A closed set's values (the GraphQL field's `allowedValues` extension, which telemetryPolicy lists). */
  readonly allowedValues?: readonly string[];
  /** The GraphQL enum of exactly those values, which an export gives the value back as. */
  readonly enum?: string;
  /** The consent-session id: stored as its keyed hash only, given back as the id presented. */
  readonly session?: true;
}

/** One field of a record kind: its rule, its column, and who may read it. */
export interface Field<Rule extends z.ZodType = z.ZodType> extends FieldRule<Rule> {
  readonly column: string;
  /** Formulas may filter and split by it (the record source's fields, src/registry/sources.ts). */
  readonly metric?: boolean;
}

export type Fields = { readonly [name: string]: Field };

/**
 * A closed set of the contract, sent as a string: a value this server does not know (a newer
 * client's new event type) is refused for its record alone with UNKNOWN_VALUE (ingest.ts).
 */
export interface ClosedSet<Values extends readonly [string, ...string[]] = readonly [string, ...string[]]> {
  readonly values: Values;
  /** The set in error messages: `unknown event type: …`. */
  readonly what: string;
  /** What a value means; the field's description unless the field says more. */
  readonly description: string;
  /** The GraphQL enum of these values (for the answers that give records back), if there is one. */
  readonly enum?: string;
}

export const closedSet = <const S extends ClosedSet>(set: S): S => set;

const wholeNumber = () => z.number().int('expected a whole number');
/** `0 to 600000`: a bound as the descriptions state it. */
const range = (min: number, max: number) => `${min} to ${max}`;
const inRange = (bound: string) => `${bound}.`;

export const uuid = (description?: string): FieldRule<z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>> => ({
  rule: z.string().regex(PATTERNS.uuid, 'expected a UUID').transform((s) => s.toLowerCase()),
  graphql: 'UUID',
  pgType: 'text',
  required: true,
  description,
});

/** The consent session's id (METRICS.md §1). */
export const sessionId = (description?: string) => ({ ...uuid(description), session: true as const });

export const instant = (description?: string): FieldRule<z.ZodDate> => ({
  rule: z.date({ error: 'expected an ISO-8601 date-time' }),
  graphql: 'DateTime',
  pgType: 'timestamptz',
  required: true,
  description,
});

export const bool = (description?: string): FieldRule<z.ZodBoolean> => ({
  rule: z.boolean(),
  graphql: 'Boolean',
  pgType: 'boolean',
  required: true,
  description,
});

/** A whole number from `min` to `max`; `describe` gets the bound in words and must state it. */
export const int = (min: number, max: number, describe: (bound: string) => string = inRange): FieldRule<z.ZodNumber> => ({
  rule: wholeNumber().min(min).max(max),
  graphql: 'Int',
  pgType: 'integer',
  required: true,
  description: describe(range(min, max)),
});

/** A whole number whose bounds depend on other fields (a refinement of the record checks them). */
export const anyInt = (description: string): FieldRule<z.ZodNumber> => ({
  rule: wholeNumber(),
  graphql: 'Int',
  pgType: 'integer',
  required: true,
  description,
});

/** A number from `min` to `max`; `describe` gets the bound in words and must state it. */
export const float = (min: number, max: number, describe: (bound: string) => string = inRange): FieldRule<z.ZodNumber> => ({
  rule: z.number().min(min).max(max),
  graphql: 'Float',
  pgType: 'float8',
  required: true,
  description: describe(range(min, max)),
});

/**
 * A short string matching `regex` (at most `max` characters); `describe` gets the pattern, as
 * code, and must show it.
 */
export const pattern = (regex: RegExp, max: number, what: string, describe: (pattern: string) => string): FieldRule<z.ZodString> => ({
  rule: z.string().max(max).regex(regex, `expected ${what} (${regex.source})`),
  graphql: 'String',
  pgType: 'text',
  required: true,
  description: describe(`\`${regex.source}\``),
});

/** One of a closed set, sent as a string; `about` replaces the set's description, `listed` its list of values. */
export function oneOf<const Values extends readonly [string, ...string[]]>(
  set: ClosedSet<Values>,
  about: string = set.description,
  listed = `One of ${set.values.join(', ')}.`,
): FieldRule<z.ZodEnum<{ [V in Values[number]]: V }>> {
  return {
    rule: z.enum(set.values, { error: `unknown ${set.what}: not one of the values this server knows (telemetryPolicy lists them)` }),
    graphql: 'String',
    pgType: 'text',
    required: true,
    description: `${about} ${listed} Any other value: this record is refused with UNKNOWN_VALUE.`.trimStart(),
    allowedValues: set.values,
    ...(set.enum === undefined ? {} : { enum: set.enum }),
  };
}

const orNull = <T extends z.ZodType>(rule: T) => rule.nullish().transform((v) => v ?? null);

/** The field may be absent or null (a nullable column); absent is stored as null. */
export const optional = <Rule extends z.ZodType>(field: FieldRule<Rule>): FieldRule<ReturnType<typeof orNull<Rule>>> => ({
  ...field,
  rule: orNull(field.rule),
  required: false,
});

/** A record as its rules give it: every field, absent optional ones as null. */
export type Shape<F extends Fields> = { -readonly [K in keyof F]: F[K]['rule'] };
export type RecordOf<F extends Fields> = z.output<z.ZodObject<Shape<F>, z.core.$strict>>;

/** Refuses `field` of the record being refined, with a stable code (REQUIRED, NOT_ALLOWED, OUT_OF_RANGE…). */
export type Fail<F extends Fields> = (field: keyof F & string, code: string, message: string) => void;

/**
 * One record kind of METRICS.md §2, described once. The GraphQL input and export types, the zod
 * schema, the columns and the row, the metric-readable fields (SOURCES), the purge and the export
 * are all derived from it; test/ingestion/record-descriptions.unit.test.ts holds the Prisma models to it.
 */
export interface RecordDescription<F extends Fields = Fields, R extends Fields = Fields> {
  /** What the record is: the GraphQL input type's description. */
  readonly description?: string;
  readonly table: string;
  /** What the client sends, in the order the columns take. */
  readonly fields: F;
  /** The idempotency key: a second record with the same values is a duplicate. */
  readonly key: readonly (keyof F & string)[];
  /** When the record happened: skew-corrected, range-checked, the purge's and the metrics' time. */
  readonly time: keyof F & string;
  /** Checks across fields, after each field's own rule passed. */
  refine?(record: RecordOf<F>, fail: Fail<F>): void;
  /**
   * Columns the server fills in from what it has stored (the record kind's `resolve`), never sent
   * by the client: in no input, but stored and readable like the fields.
   */
  readonly resolved?: R;
}

/** Any record description, as the code that derives from it reads it (all but its checks across fields). */
export type AnyRecordDescription = Omit<RecordDescription, 'refine'>;

/** A typed identity, like defineMetric: literal names and columns stay types. */
export const defineRecord = <const F extends Fields, const R extends Fields = {}>(description: RecordDescription<F, R>) => description;

/** Every record kind has it: when the server received the record (its own clock). */
export const RECEIVED_AT = { column: 'received_at', ...instant() } as const satisfies Field;
