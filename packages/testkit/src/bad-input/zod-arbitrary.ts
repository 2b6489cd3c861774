import fc, { type Arbitrary } from 'fast-check';
import type { z } from 'zod';

/*
 * Arbitraries derived from the zod schemas in @vivier/contracts.
 *
 * Hand-written on purpose: the published bridge, zod-fast-check, supports zod 3 only, and no
 * maintained zod 4 bridge exists on npm. zod 4 schemas carry their kind and bounds as plain
 * properties (`def.type`, `minLength`, `maxValue`, `isInt`, `options`, …), so a small walk over
 * the kinds the contracts use (object, string with bounds and formats, enum, literal, number,
 * boolean, optional, nullable, default, array, union, record, pipe) is enough. A kind it does not
 * know yields `fc.anything()`, so a new kind still gets hostile input rather than none.
 */

type AnySchema = z.ZodType;

/**
 * Values worth trying for object fields of a given name, beside the generated ones: what a
 * random string almost never hits (a model id that exists, an id of the caller's own resource),
 * so conforming bodies get past the handler's checks too.
 */
export type FieldHints = Readonly<Record<string, readonly unknown[]>>;

interface ZodInternals {
  type: string;
  checks?: Array<{ _zod: { def: Record<string, unknown> } }>;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  keyType?: AnySchema;
  valueType?: AnySchema;
  values?: unknown[];
  entries?: Record<string, unknown>;
  shape?: Record<string, AnySchema>;
  coerce?: boolean;
}

const defOf = (schema: AnySchema) => (schema as unknown as { _zod: { def: ZodInternals } })._zod.def;

function checkValue(schema: AnySchema, kind: string, field = 'value'): unknown {
  for (const check of defOf(schema).checks ?? []) {
    const def = check._zod.def;
    if (def.check === kind) return def[field];
  }
  return undefined;
}

/** Strings hostile to a naive parser or database: NUL, control characters, RTL marks, emoji. */
export const awkwardString: Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uFEFF',
    '\u202Eevil',
    '\uD800',
    '👩‍👩‍👧‍👦',
    '%00',
    '%',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    'prototype',
    '\'; drop table "User"; --',
    '${jndi:ldap://x}',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    'true',
    '[]',
    '{}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Numbers at and past every edge JSON can carry (NaN and ±Infinity serialise as null). */
const awkwardNumber: Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, -0.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324),
  fc.double(),
  fc.integer(),
);

/** A value of any JSON type, including objects whose keys try prototype pollution. */
export const hostileJson: Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    awkwardNumber,
    awkwardString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', ''), fc.string({ maxLength: 8 })),
      tie('value'),
      { maxKeys: 4 },
    ),
  ),
})).value;

function stringArbitrary(schema: AnySchema): Arbitrary<string> {
  const bounded = schema as unknown as {
    minLength: number | null;
    maxLength: number | null;
    format: string | null;
  };
  const format = bounded.format;
  if (format === 'email') return fc.emailAddress();
  if (format === 'url') return fc.webUrl();
  if (format === 'datetime') {
    return fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString());
  }
  if (format === 'regex') {
    const pattern = checkValue(schema, 'string_format', 'pattern');
    if (pattern instanceof RegExp) return fc.stringMatching(pattern);
  }
  const min = bounded.minLength ?? 0;
  const max = bounded.maxLength ?? Math.max(min + 64, 64);
  const chars = fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, min + 64) }) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, min + 64) }),
    },
  );
  // The bounds themselves are where off-by-ones live: exactly min and exactly max.
  const edges = [min, max]
    .filter((length) => length <= 100_000)
    .map((length) => fc.constant('x'.repeat(length)));
  return fc.oneof({ weight: 4, arbitrary: chars }, ...edges.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function numberArbitrary(schema: AnySchema): Arbitrary<number> {
  const bounded = schema as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  const min = Number.isFinite(bounded.minValue) ? (bounded.minValue as number) : -1_000_000;
  const max = Number.isFinite(bounded.maxValue) ? (bounded.maxValue as number) : 1_000_000;
  const safeMin = Math.max(min, Number.MIN_SAFE_INTEGER);
  const safeMax = Math.min(max, Number.MAX_SAFE_INTEGER);
  const inside = bounded.isInt
    ? fc.integer({ min: Math.ceil(safeMin), max: Math.floor(safeMax) })
    : fc.double({ min: safeMin, max: safeMax, noNaN: true });
  return fc.oneof(
    { weight: 3, arbitrary: inside },
    { weight: 1, arbitrary: fc.constantFrom(safeMin, safeMax) },
  );
}

/**
 * Values the schema describes (its edges included). Refinements are not modelled, so some values
 * may still be refused: that is fine, the properties only demand a 4xx envelope in that case.
 */
export function conformingValue(schema: AnySchema, hints: FieldHints = {}): Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'int':
      return fc.integer();
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'null':
      return fc.constant(null);
    case 'optional':
      // Left out half the time: an optional field is usually absent, and present ones are often refused.
      return fc.option(conformingValue(def.innerType!, hints), { nil: undefined, freq: 2 });
    case 'nullable':
      return fc.option(conformingValue(def.innerType!, hints), { nil: null });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
      return fc.option(conformingValue(def.innerType!, hints), { nil: undefined });
    case 'pipe':
      // `in` is what arrives on the wire; a transform's output is not.
      return conformingValue(def.in!, hints);
    case 'array': {
      const min = (checkValue(schema, 'min_length', 'minimum') as number | undefined) ?? 0;
      const max = (checkValue(schema, 'max_length', 'maximum') as number | undefined) ?? min + 5;
      return fc.array(conformingValue(def.element!, hints), {
        minLength: min,
        maxLength: Math.min(max, min + 5),
      });
    }
    case 'union':
      return fc.oneof(...(def.options ?? []).map((option) => conformingValue(option, hints)));
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 12 }), conformingValue(def.valueType!, hints), {
        maxKeys: 4,
      });
    case 'object': {
      const shape = def.shape ?? {};
      const record: Record<string, Arbitrary<unknown>> = {};
      for (const [key, field] of Object.entries(shape)) {
        const known = hints[key];
        record[key] = known
          ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, conformingValue(field, hints))
          : conformingValue(field, hints);
      }
      // Optional fields left out entirely (not sent as undefined) as well as present.
      return fc
        .record(record)
        .map((value) => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)));
    }
    default:
      return fc.anything();
  }
}

/** One step outside the schema: a bound plus or minus one, the wrong type, a missing or extra key. */
export function violatingValue(schema: AnySchema, hints: FieldHints = {}): Arbitrary<unknown> {
  const def = defOf(schema);
  const wrongType = hostileJson;
  switch (def.type) {
    case 'string': {
      const bounded = schema as unknown as { minLength: number | null; maxLength: number | null };
      const lengths = [
        ...(bounded.minLength ? [bounded.minLength - 1] : []),
        ...(bounded.maxLength !== null && bounded.maxLength < 2_000_000 ? [bounded.maxLength + 1] : []),
      ];
      return fc.oneof(wrongType, awkwardString, ...lengths.map((length) => fc.constant('y'.repeat(length))));
    }
    case 'number': {
      const bounded = schema as unknown as {
        minValue: number | null;
        maxValue: number | null;
        isInt: boolean;
      };
      const outside = [
        ...(Number.isFinite(bounded.minValue) ? [(bounded.minValue as number) - 1] : []),
        ...(Number.isFinite(bounded.maxValue) ? [(bounded.maxValue as number) + 1] : []),
        ...(bounded.isInt ? [1.5] : []),
      ];
      return fc.oneof(wrongType, awkwardNumber, ...outside.map((value) => fc.constant(value)));
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      return violatingValue(def.innerType!, hints);
    case 'pipe':
      return violatingValue(def.in!, hints);
    case 'object': {
      const shape = def.shape ?? {};
      const keys = Object.keys(shape);
      if (keys.length === 0)
        return fc.oneof(wrongType, fc.dictionary(fc.string(), hostileJson, { maxKeys: 3 }));
      return fc.oneof(
        wrongType,
        // One field broken, the rest conforming.
        fc
          .tuple(conformingValue(schema, hints), fc.constantFrom(...keys))
          .chain(([base, key]) =>
            violatingValue(shape[key]!, hints).map((bad) => ({ ...(base as object), [key]: bad })),
          ),
        // A required field missing.
        fc.tuple(conformingValue(schema, hints), fc.constantFrom(...keys)).map(([base, key]) => {
          const copy = { ...(base as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
        // Extra and prototype-polluting keys beside valid ones.
        fc
          .tuple(
            conformingValue(schema, hints),
            fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'role', 'userId'),
          )
          .map(([base, key]) => ({ ...(base as object), [key]: { polluted: true, role: 'ADMIN' } })),
      );
    }
    case 'array': {
      const max = checkValue(schema, 'max_length', 'maximum') as number | undefined;
      return fc.oneof(
        wrongType,
        fc.array(violatingValue(def.element!, hints), { minLength: 1, maxLength: 3 }),
        ...(max !== undefined && max < 10_000
          ? [fc.array(conformingValue(def.element!, hints), { minLength: max + 1, maxLength: max + 1 })]
          : []),
      );
    }
    default:
      return wrongType;
  }
}

/** Conforming most of the time, one step outside some of the time, anything at all now and then. */
export function bodyFor(schema: AnySchema | undefined, hints: FieldHints = {}): Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), hostileJson);
  return fc.oneof(
    { weight: 4, arbitrary: conformingValue(schema, hints) },
    { weight: 4, arbitrary: violatingValue(schema, hints) },
    { weight: 1, arbitrary: hostileJson },
  );
}
