import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isEnumType, type GraphQLSchema } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';
import { ACTORS, LEAKS, MATRIX, ROLES, World, type Caller, type MatrixEntry, type Role, type Vars } from './access-matrix.js';

/**
 * Every role against every query and mutation of the generated schema (access-matrix.ts says who
 * may): allowed → it works (or a domain refusal the entry names); not allowed → FORBIDDEN, no data,
 * nothing appended, and a message that gives away nothing of the case. Relation-bound rights are
 * tried by an unrelated holder of the role as well.
 */

let t: TestApp;
let w: World;
let schema: GraphQLSchema;

const operationsInSchema = () => [
  ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((f) => `Query.${f}`),
  ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
];

async function send(field: string, entry: MatrixEntry, vars: Vars, caller: Caller) {
  const before = await t.infra.store.headPosition();
  const result = await t.gql(entry.document, vars, w.as[caller.staffId]);
  const appended = (await t.infra.store.headPosition()) - before;
  return { result, appended, answer: result.data?.[field] ?? null };
}

async function expectForbidden(operation: string, field: string, entry: MatrixEntry, vars: Vars, caller: Caller) {
  const { result, appended, answer } = await send(field, entry, vars, caller);
  const error = result.errors?.[0];
  expect({ operation, caller, code: error?.extensions?.code, errors: result.errors?.length, answer, appended }).toEqual({
    operation,
    caller,
    code: 'FORBIDDEN',
    errors: 1,
    answer: null,
    appended: 0,
  });
  expect({ operation, caller, message: error!.message, leaks: LEAKS.exec(error!.message)?.[0] ?? null }).toEqual({
    operation,
    caller,
    message: expect.any(String),
    leaks: null,
  });
  // Nothing rides along in the extensions either: the code, and at most the field at fault.
  expect(Object.keys(error!.extensions ?? {}).filter((k) => k !== 'code' && k !== 'field')).toEqual([]);
}

async function expectAllowed(operation: string, field: string, entry: MatrixEntry, vars: Vars, caller: Caller) {
  const { result, appended } = await send(field, entry, vars, caller);
  const expected = entry.refusedWith?.[caller.role];
  if (expected) {
    expect({ operation, caller, code: result.errors?.[0]?.extensions?.code, appended }).toEqual({ operation, caller, code: expected.code, appended: 0 });
    return;
  }
  expect({ operation, caller, errors: result.errors ?? [] }).toEqual({ operation, caller, errors: [] });
  entry.check?.(result.data, caller, vars, w);
}

describe('access matrix: every role against every query and mutation', () => {
  beforeAll(async () => {
    // Access, not pace: the matrix sends hundreds of mutations as a few people.
    t = await startTestApp({ APP_CLOCK: '2027-02-10T10:00:00Z', RATE_LIMIT_MUTATIONS: '0' });
    schema = t.app.get(GraphQLSchemaHost).schema;
    w = await World.create(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has an entry for every query and mutation in the schema, and none for an operation that is not there', () => {
    const inSchema = operationsInSchema();
    expect({
      withoutEntry: inSchema.filter((op) => !(op in MATRIX)),
      notInSchema: Object.keys(MATRIX).filter((op) => !inSchema.includes(op)),
    }).toEqual({ withoutEntry: [], notInSchema: [] });
  });

  it("covers exactly the schema's roles, each with its own people", () => {
    const roleType = schema.getType('Role');
    expect(isEnumType(roleType) && roleType.getValues().map((v) => v.name).sort()).toEqual([...ROLES].sort());
    for (const entry of Object.values(MATRIX)) {
      for (const role of entry.byRelation ?? []) expect(entry.allowed).toContain(role);
      for (const role of Object.keys(entry.refusedWith ?? {})) expect(entry.allowed).toContain(role);
    }
  });

  for (const [operation, entry] of Object.entries(MATRIX)) {
    it(`${operation}: ${entry.allowed.length === ROLES.length ? 'every role' : entry.allowed.join(', ')}`, async () => {
      const field = operation.split('.')[1];
      const allowed = entry.allowed;
      let shared: Vars | undefined;
      const sharedVars = async () => (shared ??= await entry.prepare(w, allowed[0]));

      // Refusals change nothing, so they all try the same state.
      for (const role of ROLES.filter((r) => !allowed.includes(r))) {
        await expectForbidden(operation, field, entry, await sharedVars(), { role, staffId: ACTORS[role].related, related: true });
      }

      for (const [i, role] of allowed.entries()) {
        const vars: Vars = i === 0 || !entry.freshForEach ? await sharedVars() : await entry.prepare(w, role);
        if (entry.byRelation?.includes(role)) {
          const stranger: Caller = { role, staffId: ACTORS[role].unrelated, related: false };
          if (entry.unrelatedSeeNothing?.includes(role)) await expectAllowed(operation, field, entry, vars, stranger);
          else await expectForbidden(operation, field, entry, vars, stranger);
        }
        await expectAllowed(operation, field, entry, vars, { role, staffId: ACTORS[role].related, related: true });
      }
    });
  }
});
