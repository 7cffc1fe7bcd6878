import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app.js';
import { allocate, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * A stored command never answers as failed. Another connection holds a lock on the grade history's
 * table, so that projection stalls on its next batch: the grade is stored but the read models cannot
 * show it within the read-your-writes wait. The answer says it is saved; once the lock goes, resending
 * with the same Idempotency-Key answers the usual result and stores nothing twice.
 */
describe('a mutation whose read models lag behind', () => {
  let t: TestApp;
  let a: Authority;

  beforeAll(async () => {
    // Long enough for the set-up's own mutations on a busy machine, short enough for the test.
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z', READ_YOUR_WRITES_TIMEOUT_MS: '4000' });
    a = await setUpAuthority(t, ['2026-12']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { id sections { section auditorGrade } gradeHistory { section to } } }`;
  const send = async (input: Record<string, unknown>, key: string): Promise<GraphQLResponse> => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${a.as.aud}`, 'idempotency-key': key },
      body: JSON.stringify({ query: setGrade, variables: { input } }),
    });
    return (await response.json()) as GraphQLResponse;
  };

  it('answers SAVED_NOT_YET_VISIBLE, not a failure; the same key later answers the grade, stored once', async () => {
    const auditId = await allocate(t, a, a.cycles['2026-12'], { caseRef: 'EH-3001' });
    const input = { auditId, section: 'S2_WHY_HELP', grade: 'GOOD', rationale: 'clear reasons on file' };
    const before = await t.eventCount();

    const blocker = new pg.Client({ connectionString: t.db.url });
    await blocker.connect();
    let saved: GraphQLResponse;
    try {
      await blocker.query('BEGIN');
      // Reads go on; the projection's writes to this table wait for the lock.
      await blocker.query('LOCK TABLE grade_changes IN EXCLUSIVE MODE');
      saved = await send(input, 'lagging-grade');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }

    expect(saved.errors?.map((e) => [e.extensions?.code, (e.extensions as { saved?: boolean })?.saved, e.message])).toEqual([
      ['SAVED_NOT_YET_VISIBLE', true, expect.stringMatching(/^Saved: .*same Idempotency-Key/)],
    ]);
    const stored = await t.infra.store.readStream(`audit-${auditId}`);
    expect(stored.map((e) => e.type).slice(-1)).toEqual(['GradeSet']);
    expect(await t.eventCount()).toBe(before + 1);

    const again = await send(input, 'lagging-grade');
    expect(again.errors).toBeUndefined();
    expect(again.data?.setGrade.gradeHistory).toEqual([{ section: 'S2_WHY_HELP', to: 'GOOD' }]);
    expect(await t.eventCount()).toBe(before + 1);
  });
});
