import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { webVisitor } from '../../../test/support/web-visitor.js';
import { allocate, setUpAuthority, type Authority } from '../../../test/e2e/lifecycle-fixtures.js';
import { rolesInWords } from './web-errors.filter.js';

/**
 * What a page shows when the API refuses in a way no form field can hold: plain words and the
 * right status, never a code or a stack. Mutations are limited to 3 a minute here.
 */
describe('web pages when the API refuses', () => {
  let t: TestApp;
  let a: Authority;
  let auditId: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await setUpAuthority(t, ['2026-12']);
    auditId = await allocate(t, a, a.cycles['2026-12']);
    // Set up without a limit; then the same database served with one.
    t = await t.restart({ RATE_LIMIT_MUTATIONS: '3' });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('an audit that does not exist is "Page not found"; one the person may not read is refused, in plain words', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('prac2');
    const missing = await v.get('/audits/no-such-audit');
    expect(missing.status).toBe(404);
    expect(missing.html).toMatch(/<h1 class="govuk-heading-l">Page not found<\/h1>/);
    // An address no id could be (a NUL byte) is no page either, not a fault.
    const unreadable = await v.get('/audits/a%00b');
    expect(unreadable.status).toBe(404);
    expect(unreadable.html).toMatch(/<h1 class="govuk-heading-l">Page not found<\/h1>/);
    const theirs = await v.get(`/audits/${auditId}`);
    expect(theirs.status).toBe(403);
    expect(theirs.html).toMatch(/<h1 class="govuk-heading-l">You cannot see or change this<\/h1>/);
    for (const page of [missing, theirs]) expect(page.html).not.toMatch(/NOT_FOUND|FORBIDDEN|Error:|at .*\.ts/);
  });

  it("a page the API refuses for the person's role names who may, in words, not the roles' codes", async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('tm');
    const people = await v.get('/audit-team/people');
    expect(people.status).toBe(403);
    expect(people.html).toContain('Only someone whose role is audit team, head of service, audit manager or governance can see or do this');
    expect(people.html).not.toMatch(/AUDIT_TEAM|HEAD_OF_SERVICE/);
  });

  it('past the mutation limit, a section save ends on a plain page saying to wait, with 429; what was saved before stays', async () => {
    const v = webVisitor(t.baseUrl);
    await v.signIn('aud');
    const form = await v.get(`/audits/${auditId}/sections/S2_WHY_HELP`);
    const answers = Object.fromEntries(['S2_Q1', 'S2_Q2', 'S2_Q3', 'S2_Q4', 'S2_Q5'].map((q) => [`answer-${q}`, 'YES']));
    const saved = await v.post(`/audits/${auditId}/sections/S2_WHY_HELP`, { ...v.tokens(form.html), ...answers });
    expect(saved.status).toBe(429);
    expect(saved.html).toMatch(/You have made a lot of changes in a short time/);
    expect(saved.html).toMatch(/Wait \d+ seconds/);
    expect(saved.html).not.toMatch(/RATE_LIMITED/);
    const { audit } = await t.ok(`query($id: ID!) { audit(id: $id) { answers { question } } }`, { id: auditId });
    expect(audit.answers.map((x: { question: string }) => x.question)).toEqual(['S2_Q1', 'S2_Q2', 'S2_Q3']);
  });
});

describe('the role check in words', () => {
  it('names each role by its label, the last after "or"; any other message is left as it is', () => {
    expect(rolesInWords('this operation needs one of the roles AUDIT_TEAM')).toBe('Only someone whose role is audit team can see or do this');
    expect(rolesInWords('this operation needs one of the roles AUDIT_TEAM, BOARD_READER, GOVERNANCE')).toBe(
      'Only someone whose role is audit team, board report reader or governance can see or do this',
    );
    expect(rolesInWords('only the allocated auditor may record the collaborative discussion')).toBe('only the allocated auditor may record the collaborative discussion');
  });
});
