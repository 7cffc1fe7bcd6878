import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { serve, startTestApp, type GraphQLResponse, type TestApp } from '../support/app.js';
import { EH_SECTIONS, Q, allocate, allocation, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Many mutations on one audit at once, as an auditor's browser saving several sections together
 * sends them: in one service process, and spread over two processes on one database. And the
 * Idempotency-Key: the same mutation resent after a lost answer is stored once and answered the same.
 */

const AUDIT = `id sections { section auditorGrade } answers { section question answer } narratives { section question text }`;
const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { ${AUDIT} } }`;
const recordAnswer = `mutation($input: RecordAnswerInput!) { recordAnswer(input: $input) { ${AUDIT} } }`;
const recordNarrative = `mutation($input: RecordNarrativeInput!) { recordNarrative(input: $input) { ${AUDIT} } }`;
const read = `query($id: ID!) { audit(id: $id) { ${AUDIT} gradeHistory { section to rationale } } }`;

/** A GraphQL request over HTTP to `baseUrl`, with an Idempotency-Key when one is given. */
async function send(baseUrl: string, token: string, query: string, variables: Record<string, unknown>, key?: string): Promise<GraphQLResponse> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse;
}

/** Twenty changes to one audit: every section's grade and OVERALL, ten choice answers, two written ones. */
function twentyChanges(auditId: string): Array<{ query: string; input: Record<string, unknown> }> {
  return [
    ...[...EH_SECTIONS, 'OVERALL'].map((section) => ({ query: setGrade, input: { auditId, section, grade: 'GOOD', rationale: `${section}: evidence on file` } })),
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => ({ query: recordAnswer, input: { auditId, section: 'S2_WHY_HELP', question: `S2_Q${n}`, answer: 'YES' } })),
    ...[1, 2, 4].map((n) => ({ query: recordAnswer, input: { auditId, section: 'S3_CASE_RECORD', question: `S3_Q${n}`, answer: 'NO' } })),
    { query: recordNarrative, input: { auditId, section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'Genogram on file' } },
    { query: recordNarrative, input: { auditId, section: 'S9_FAMILY_FEEDBACK', question: 'S9_Q2', text: 'Evening visits helped' } },
  ];
}

/** The audit holds every one of the twenty changes, each grade once in its history. */
async function expectAllTwenty(t: TestApp, a: Authority, auditId: string): Promise<void> {
  const { audit } = await t.ok(read, { id: auditId }, a.as.aud);
  expect(audit.sections.map((s: { section: string; auditorGrade: string }) => [s.section, s.auditorGrade]).sort()).toEqual(
    [...EH_SECTIONS, 'OVERALL'].map((section) => [section, 'GOOD']).sort(),
  );
  expect(audit.gradeHistory.map((h: { section: string }) => h.section).sort()).toEqual([...EH_SECTIONS, 'OVERALL'].sort());
  expect(audit.answers.length).toBe(10);
  expect(audit.narratives.length).toBe(2);
}

describe('concurrent writes to one audit', () => {
  let t: TestApp;
  let a: Authority;
  let cycleId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    cycleId = a.cycles['2026-12'];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('twenty mutations sent at once to one service all succeed and are all in the history', async () => {
    const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2001' });
    const answers = await Promise.all(twentyChanges(auditId).map(({ query, input }) => send(t.baseUrl, a.as.aud, query, { input })));
    expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
    await expectAllTwenty(t, a, auditId);
  });

  // Two Nest applications in this process, each with its own event store pool, projection runner and
  // write queue, on one database: as two service processes would be, without paying for two more
  // Node processes and their start-up on a shared machine (kill-under-load.test.ts runs real ones).
  it('twenty mutations spread over two services on one database all succeed and none is lost', async () => {
    const other = await serve(t.db, { APP_CLOCK: '2026-12-21T10:00:00Z' });
    try {
      const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2002' });
      const otherAuditor = await other.login('aud');
      const answers = await Promise.all(
        twentyChanges(auditId).map(({ query, input }, i) =>
          i % 2 === 0 ? send(t.baseUrl, a.as.aud, query, { input }) : send(other.baseUrl, otherAuditor, query, { input }),
        ),
      );
      expect(answers.flatMap((answer) => answer.errors ?? [])).toEqual([]);
      await expectAllTwenty(t, a, auditId);
      const seenThere = await send(other.baseUrl, otherAuditor, read, { id: auditId });
      expect(seenThere.data?.audit.gradeHistory.length).toBe(8);
    } finally {
      await other.app.close();
      await other.infra.close();
    }
  });

  describe('Idempotency-Key', () => {
    it('a setGrade resent with the same key is stored once and answered the same', async () => {
      const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2003' });
      const input = { auditId, section: 'S2_WHY_HELP', grade: 'GOOD', rationale: 'clear reasons on file' };
      const before = await t.eventCount();
      const first = await send(t.baseUrl, a.as.aud, setGrade, { input }, 'grade-s2-once');
      const again = await send(t.baseUrl, a.as.aud, setGrade, { input }, 'grade-s2-once');
      expect(first.errors).toBeUndefined();
      expect(again).toEqual(first);
      expect(await t.eventCount()).toBe(before + 1);
      const { audit } = await t.ok(read, { id: auditId }, a.as.aud);
      expect(audit.gradeHistory).toEqual([{ section: 'S2_WHY_HELP', to: 'GOOD', rationale: 'clear reasons on file' }]);
      // Without a key the same mutation is a new change: a second entry.
      await t.ok(setGrade, { input }, a.as.aud);
      expect((await t.ok(read, { id: auditId }, a.as.aud)).audit.gradeHistory.length).toBe(2);
    });

    it('an allocateAudit resent with the same key allocates one audit, with the same id', async () => {
      const allocateWith = (key: string) => send(t.baseUrl, a.as.qa, `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id caseRef } }`, { input: allocation(cycleId, { caseRef: 'EH-2004' }) }, key);
      const before = await t.eventCount();
      const first = await allocateWith('allocate-eh-2004');
      const again = await allocateWith('allocate-eh-2004');
      expect(first.data?.allocateAudit.caseRef).toBe('EH-2004');
      expect(again).toEqual(first);
      expect(await t.eventCount()).toBe(before + 1);
    });

    it('the same key with another request is refused naming the header, and nothing is stored', async () => {
      const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2005' });
      await send(t.baseUrl, a.as.aud, setGrade, { input: { auditId, section: 'S2_WHY_HELP', grade: 'GOOD', rationale: 'first' } }, 'reused-key');
      const before = await t.eventCount();
      const reused = await send(t.baseUrl, a.as.aud, setGrade, { input: { auditId, section: 'S2_WHY_HELP', grade: 'INADEQUATE', rationale: 'second' } }, 'reused-key');
      expect(reused.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message])).toEqual([
        ['BAD_USER_INPUT', 'Idempotency-Key', expect.stringMatching(/^Idempotency-Key: this key was already used for a different request/)],
      ]);
      expect(reused.data?.setGrade ?? null).toBeNull();
      const otherOperation = await send(t.baseUrl, a.as.aud, recordAnswer, { input: { auditId, section: 'S2_WHY_HELP', question: 'S2_Q1', answer: 'YES' } }, 'reused-key');
      expect(otherOperation.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'Idempotency-Key']]);
      expect(await t.eventCount()).toBe(before);
    });

    it('with two mutations in one document is refused naming the header, and nothing is stored', async () => {
      const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2007' });
      const before = await t.eventCount();
      const two = `mutation($a: SetGradeInput!, $b: SetGradeInput!) { a: setGrade(input: $a) { id } b: setGrade(input: $b) { id } }`;
      const grade = (section: string) => ({ auditId, section, grade: 'GOOD', rationale: 'r' });
      const refused = await send(t.baseUrl, a.as.aud, two, { a: grade('S2_WHY_HELP'), b: grade('S3_CASE_RECORD') }, 'two-in-one');
      // The first refusal nulls the whole answer (its field is non-null), so the second never runs.
      expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message])).toEqual([
        ['BAD_USER_INPUT', 'Idempotency-Key', 'Idempotency-Key: send one mutation per request when sending this header'],
      ]);
      expect(await t.eventCount()).toBe(before);
    });

    it('a malformed key is refused naming the header, and nothing is stored', async () => {
      const auditId = await allocate(t, a, cycleId, { caseRef: 'EH-2006' });
      const before = await t.eventCount();
      const refused = await send(t.baseUrl, a.as.aud, setGrade, { input: { auditId, section: 'S2_WHY_HELP', grade: 'GOOD', rationale: 'r' } }, 'x'.repeat(201));
      expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'Idempotency-Key']]);
      expect(await t.eventCount()).toBe(before);
    });
  });
});
