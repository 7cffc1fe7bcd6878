import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema, findBreakingChanges, printSchema, type BreakingChange } from 'graphql';
import { startTestApp, type TestApp } from '../support/app.js';

/**
 * The generated schema must contain the public contract unchanged:
 * findBreakingChanges(contract, generated) returns nothing, except for operations listed here as not
 * served yet. This list only shrinks.
 */
const NOT_YET_SERVED: string[] = [];
/** Types only those operations use. */
const TYPES_OF_UNSERVED: string[] = [];

// The repository's own copy, so a fresh clone can test it; .ci/run checks it against the shared original.
const contractPath = path.resolve(process.cwd(), 'api/contract.graphql');

describe('public GraphQL contract (api/contract.graphql)', () => {
  let t: TestApp;
  let changes: BreakingChange[];

  beforeAll(async () => {
    t = await startTestApp();
    const generated = t.app.get(GraphQLSchemaHost).schema;
    const contract = buildSchema(readFileSync(contractPath, 'utf8'));
    changes = findBreakingChanges(contract, generated);
    if (process.env.SHOW_CONTRACT_CHANGES) console.log(changes.map((c) => c.description).join('\n'));
  });
  afterAll(async () => {
    await t?.close();
  });

  const unserved = (change: BreakingChange) =>
    NOT_YET_SERVED.some((op) => change.description.startsWith(`${op} was removed`) || change.description === `${op.split('.')[1]} was removed.`) ||
    TYPES_OF_UNSERVED.some((type) => change.description === `${type} was removed.`);

  it('has no breaking change against the contract beyond the operations not served yet', () => {
    expect(changes.filter((c) => !unserved(c)).map((c) => c.description)).toEqual([]);
  });

  it('lists as not served only operations that really are missing', () => {
    const generated = printSchema(t.app.get(GraphQLSchemaHost).schema);
    for (const op of NOT_YET_SERVED) {
      const [type, field] = op.split('.');
      const block = new RegExp(`type ${type} \\{[^}]*\\n\\s+${field}\\(`, 's');
      expect({ op, served: block.test(generated) }).toEqual({ op, served: false });
    }
  });
});
