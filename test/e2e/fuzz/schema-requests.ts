import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Requests built from the live schema: every query and mutation, with arguments made from their
 * types — mostly plausible values (real ids, real enum values, real dates) so calls reach the rules,
 * mixed with hostile ones (wrong types, impossible dates, huge strings, NUL bytes, lone surrogates,
 * unknown enum values and fields, nulls where a value is required) — sent as variables or written
 * into the document as literals; and hostile documents (deep, wide, nested brackets).
 */

export interface FuzzRequest {
  /** What it exercises, for the failure report. */
  label: string;
  operation: 'query' | 'mutation' | 'document';
  /** The raw JSON body: some are not what JSON.stringify of an object would make. */
  body: string;
  /** Extra headers: an Idempotency-Key on some mutations, reused, malformed or fresh. */
  headers?: Record<string, string>;
}

const IDEMPOTENCY_KEYS = ['fuzz-key-1', 'fuzz-key-1', 'fuzz-key-2', '', ' ', 'x'.repeat(300), 'clé', 'a\tb'];

/** Ids that exist (the caller's own and other people's) and ids that do not. */
export interface IdPool {
  ids: string[];
}

/** Text no service should choke on. */
const HOSTILE_TEXT = [
  '',
  ' ',
  'a\u0000b',
  '\u0000',
  '\uD800',
  'lone low \uDC00 surrogate',
  'x'.repeat(20_000),
  '2026-02-30',
  '2026-13-01',
  '2026-02-30T00:00:00Z',
  "'; DROP TABLE events; --",
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '%00',
  '\u202Eevil',
  'emoji 😀',
  '-1',
  'NaN',
  '__proto__',
  'constructor',
  '{"a":1}',
];

const HOSTILE_VALUE: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(null, 0, -1, 2 ** 31, 1e308, 3.5, true, {}, [], { constructor: 'x' }, ['a', 1]);

const DATES = ['2026-12-14', '2026-12-01', '2027-01-04', '2026-02-28', '2028-02-29'];
const INSTANTS = ['2026-12-01T00:00:00Z', '2026-12-14T10:00:00.000+01:00', '2026-12-31T23:59:59Z'];

function text(pool: IdPool): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...pool.ids) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  );
}

function scalar(name: string, pool: IdPool): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -3, max: 30 }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5));
    case 'Float':
      return fc.oneof(fc.double({ noNaN: true }), fc.integer());
    case 'Boolean':
      return fc.boolean();
    case 'LocalDate':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DATES) }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30', '2026-13-01', '2026-1-1', '26-12-01') });
    case 'DateTime':
      return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...INSTANTS) }, { weight: 1, arbitrary: fc.constantFrom('2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-12-01T25:00:00Z', 'now') });
    default:
      return text(pool);
  }
}

function enumValue(type: GraphQLEnumType): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: fc.constantFrom('NOT_A_VALUE', 'good', '') });
}

/** A value for `type`: plausible at most leaves, hostile at some. */
export function valueFor(type: GraphQLInputType, pool: IdPool, depth = 0): fc.Arbitrary<unknown> {
  const plausible = plausibleFor(type, pool, depth);
  return fc.oneof({ weight: 12, arbitrary: plausible }, { weight: 1, arbitrary: HOSTILE_VALUE });
}

function plausibleFor(type: GraphQLInputType, pool: IdPool, depth: number): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    const item = valueFor(nullable.ofType as GraphQLInputType, pool, depth + 1);
    return fc.oneof({ weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constant(Array.from({ length: 2000 }, (_, i) => `id-${i}`)) });
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields());
    const required = Object.fromEntries(fields.filter((f) => isNonNullType(f.type)).map((f) => [f.name, valueFor(f.type, pool, depth + 1)]));
    const optional = Object.fromEntries(fields.filter((f) => !isNonNullType(f.type)).map((f) => [f.name, valueFor(f.type, pool, depth + 1)]));
    return fc
      .tuple(fc.record(required), fc.record(optional, { requiredKeys: [] }), fc.option(fc.constantFrom('unknownField', 'notes'), { freq: 15 }))
      .map(([req, opt, extra]) => ({ ...req, ...opt, ...(extra ? { [extra]: 'x' } : {}) }));
  }
  if (isEnumType(nullable)) return enumValue(nullable);
  if (isScalarType(nullable)) return scalar(nullable.name, pool);
  return fc.constant(null);
}

/** A few leaf fields of what the operation answers, so the answer is small and the cost low. */
export function selectionFor(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
    .slice(0, 6)
    .map((f) => f.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

/** A GraphQL literal for a value: enum names bare where the type is an enum, everything else as JSON would write it. */
function literal(value: unknown, type: GraphQLInputType | null): string {
  const nullable = type ? (getNullableType(type) as GraphQLInputType) : null;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : null)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    const entries = Object.entries(value as Record<string, unknown>).filter(([k]) => /^[_A-Za-z]\w*$/.test(k));
    return `{${entries.map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? null)}`).join(', ')}}`;
  }
  if (typeof value === 'string' && nullable && isEnumType(nullable) && /^[_A-Za-z]\w*$/.test(value) && !['true', 'false', 'null'].includes(value)) return value;
  if (typeof value === 'number' && !Number.isFinite(value)) return '0';
  return JSON.stringify(value);
}

function operationRequest(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, pool: IdPool): fc.Arbitrary<FuzzRequest> {
  const args = field.args as GraphQLArgument[];
  const values = fc.record(Object.fromEntries(args.map((a) => [a.name, fc.option(valueFor(a.type, pool), { freq: isNonNullType(a.type) ? 20 : 3, nil: undefined })])));
  const key = kind === 'mutation' ? fc.option(fc.constantFrom(...IDEMPOTENCY_KEYS), { freq: 6, nil: undefined }) : fc.constant(undefined);
  return fc.tuple(values, fc.boolean(), key).map(([given, asLiterals, idempotencyKey]) => {
    const headers = idempotencyKey === undefined ? undefined : { 'idempotency-key': idempotencyKey };
    const present = args.filter((a) => given[a.name] !== undefined);
    const selection = selectionFor(field.type);
    if (asLiterals) {
      const list = present.map((a) => `${a.name}: ${literal(given[a.name], a.type)}`).join(', ');
      const query = `${kind} { ${field.name}${list ? `(${list})` : ''} ${selection} }`;
      return { label: `${kind} ${field.name} (literals)`, operation: kind, body: JSON.stringify({ query }), headers };
    }
    const definitions = present.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
    const list = present.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `${kind}${definitions ? `(${definitions})` : ''} { ${field.name}${list ? `(${list})` : ''} ${selection} }`;
    const variables = Object.fromEntries(present.map((a) => [a.name, given[a.name]]));
    return { label: `${kind} ${field.name} (variables)`, operation: kind, body: JSON.stringify({ query, variables }), headers };
  });
}

/** Documents hostile in their shape rather than their values. */
function hostileDocument(): fc.Arbitrary<FuzzRequest> {
  const doc = (label: string, body: string): FuzzRequest => ({ label, operation: 'document', body });
  return fc.oneof(
    fc.integer({ min: 100, max: 6000 }).chain((n) => fc.constantFrom('[', '{', '(').map((open) => doc(`${n} nested ${open}`, JSON.stringify({ query: `{ tracker(cycleId: ${open.repeat(n)}) { caseRef } }` })))),
    fc.integer({ min: 9, max: 40 }).map((n) => doc(`selection ${n} deep`, JSON.stringify({ query: `{ audit(id: "x") { ${'reaudits { '.repeat(n)}id${' }'.repeat(n)} } }` }))),
    fc.integer({ min: 10, max: 400 }).map((n) => doc(`${n} aliases`, JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }` }))),
    fc.integer({ min: 10, max: 3000 }).map((n) => doc(`${n} fields`, JSON.stringify({ query: `{ me { ${'id '.repeat(n)} } }` }))),
    fc.integer({ min: 1000, max: 5000 }).map((n) => doc(`variable nested ${n} deep`, `{"query":"query($c: ID) { actionTracker(cycleId: $c) { id } }","variables":{"c":${'['.repeat(n)}${']'.repeat(n)}}}`)),
    fc.constantFrom(
      doc('not JSON', '{"query": "{ me { id } }"'),
      doc('query not a string', '{"query": 42}'),
      doc('variables not an object', '{"query": "{ me { id } }", "variables": [1]}'),
      doc('two operations, none named', JSON.stringify({ query: 'query A { me { id } } query B { me { id } }' })),
      doc('a batch', JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }])),
      doc('an unknown directive', JSON.stringify({ query: '{ me @nope { id } }' })),
      doc('a raw NUL in the document', JSON.stringify({ query: '{ me { id } }\u0000' })),
      doc('a lone surrogate in the document', JSON.stringify({ query: '{ audit(id: "\uD800") { id } }' })),
      doc('a fragment cycle', JSON.stringify({ query: '{ me { ...A } } fragment A on Staff { ...B } fragment B on Staff { ...A }' })),
    ),
  );
}

/** Every operation the schema offers, as requests; plus hostile documents. */
export function requestsFor(schema: GraphQLSchema, pool: IdPool): fc.Arbitrary<FuzzRequest> {
  const operations: Array<fc.Arbitrary<FuzzRequest>> = [];
  for (const [kind, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) operations.push(operationRequest(kind, field, pool));
  }
  return fc.oneof({ weight: 10, arbitrary: fc.oneof(...operations) }, { weight: 1, arbitrary: hostileDocument() });
}

/** How many operations the schema has, to show the fuzz covers them. */
export function operationNames(schema: GraphQLSchema): string[] {
  return [schema.getQueryType(), schema.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {}));
}
