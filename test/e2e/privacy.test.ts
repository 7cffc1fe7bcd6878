import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import { loadSettings } from '../../src/config/settings.js';
import { JsonLogger } from '../../src/config/json-logger.js';
import { createApp, startInfrastructure, type Infrastructure } from '../../src/app.js';
import { ensureDevAdmin } from '../../src/auth/dev-admin.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Privacy: a UoPP meeting's content has nowhere to go; logs are JSON lines with correlation ids and
 * no case data, refused or not; errors tell a caller about the rule, never about another person's case.
 */

const CASE_REF = 'EH-PRIV-7731';
const OTHER_CASE_REF = 'EH-PRIV-9999';
const PRACTITIONER_NAME = 'Priya Secretname';
const RATIONALE = 'RATIONALE-SECRET-41 the child said she is scared at home';
/** Nothing of this may appear in a log line or in an error someone else receives. */
const CASE_DATA = /EH-PRIV|Priya|Secretname|RATIONALE-SECRET|scared at home|priya\.secretname@/i;

let db: TestDatabase;
let infra: Infrastructure;
let app: INestApplication;
let baseUrl: string;
const lines: string[] = [];
const tokens: Record<string, string> = {};

async function gql(query: string, variables: Record<string, unknown>, as: string, correlationId?: string) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[as]}`, ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function ok(query: string, variables: Record<string, unknown>, as: string) {
  const result = await gql(query, variables, as);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('privacy', () => {
  beforeAll(async () => {
    db = await createTestDatabase('privacy');
    // The service as main.ts runs it, writing its JSON log lines into `lines`.
    const logger = new JsonLogger((line) => lines.push(line), ['log', 'warn', 'error', 'fatal']);
    infra = await startInfrastructure(loadSettings({ NODE_ENV: 'test', AUTH_MODE: 'dev', SEED_DEMO: 'false', DATABASE_URL: db.url, APP_CLOCK: '2026-12-14T10:00:00Z' }), logger);
    app = await createApp(infra, { logger });
    await ensureDevAdmin(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const login = async (id: string) => {
      const response = await fetch(`${baseUrl}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: id }) });
      tokens[id] = ((await response.json()) as { token: string }).token;
    };
    await login('admin');
    const team = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;
    await ok(team, { input: { id: 'north', name: 'North', service: 'Early Help' } }, 'admin');
    await ok(team, { input: { id: 'south', name: 'South', service: 'Early Help' } }, 'admin');
    const staff = `mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`;
    for (const [id, name, teamId, role] of [
      ['priya', PRACTITIONER_NAME, 'north', 'PRACTITIONER'],
      ['other-prac', 'Olu Other', 'north', 'PRACTITIONER'],
      ['tm', 'Tam Manager', 'north', 'TEAM_MANAGER'],
      ['aud', 'Ada Auditor', 'south', 'AUDITOR'],
      ['aud2', 'Abe Auditor', 'south', 'AUDITOR'],
      ['mod', 'Mo Moderator', null, 'MODERATOR'],
      ['hos', 'Hal Head', null, 'HEAD_OF_SERVICE'],
      ['coord', 'Cole Coordinator', 'south', 'EH_COORDINATOR_LEAD'],
      ['dd', 'Dee Director', null, 'DIVISIONAL_DIRECTOR'],
    ] as const) {
      await ok(staff, { input: { id, name, email: `${name.toLowerCase().replace(' ', '.')}@council.example`, teamId, roles: [role] } }, 'admin');
      await login(id);
    }
    // PPL-2: allocation asks for auditors trained by the audit team.
    for (const staffId of ['aud', 'aud2']) {
      await ok(`mutation($input: RecordAuditorTrainingInput!) { recordAuditorTraining(input: $input) { id } }`, { input: { staffId, completedOn: '2026-10-05' } }, 'admin');
    }
  });

  afterAll(async () => {
    await app?.close();
    await infra?.close();
    await db?.drop();
  });

  describe('UoPP content has no field anywhere', () => {
    const CONTENT = /content|note|minute|discussion|transcript|comment|summary|narrative|text|body|detail|said/i;

    it('no field or argument of a UoPP type, or of the mutation recording a meeting, could carry what was said', () => {
      const schema: GraphQLSchema = app.get(GraphQLSchemaHost).schema;
      const uoppTypes = Object.values(schema.getTypeMap()).filter((type) => /uopp/i.test(type.name) && !type.name.startsWith('__'));
      expect(uoppTypes.map((type) => type.name).sort()).toEqual(expect.arrayContaining(['RecordUoPPMeetingInput']));
      const offending: string[] = [];
      for (const type of uoppTypes) {
        if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
          for (const field of Object.values(type.getFields())) {
            if (CONTENT.test(field.name)) offending.push(`${type.name}.${field.name}`);
            for (const arg of 'args' in field ? field.args : []) if (CONTENT.test(arg.name)) offending.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      const record = schema.getMutationType()!.getFields().recordUoPPMeeting;
      for (const arg of record.args) if (CONTENT.test(arg.name)) offending.push(`recordUoPPMeeting(${arg.name})`);
      // Nor anywhere else a field says it is about a UoPP meeting.
      for (const type of Object.values(schema.getTypeMap())) {
        if (!(isObjectType(type) || isInputObjectType(type)) || type.name.startsWith('__')) continue;
        for (const field of Object.values(type.getFields())) {
          if (/uopp/i.test(field.name) && CONTENT.test(field.name)) offending.push(`${type.name}.${field.name}`);
        }
      }
      expect(offending).toEqual([]);
      // The meeting is recorded as facts: when, who chaired and attended, the plan it links to, and a revised grade with its rationale.
      const recorded = schema.getType('RecordUoPPMeetingInput');
      expect(isInputObjectType(recorded) && Object.keys(recorded.getFields()).sort()).toEqual(['attendeeIds', 'auditId', 'chairId', 'heldOn', 'linkedPlan', 'rationale', 'revisedGrade']);
    });

    it('a client that sends the meeting\'s notes anyway is refused before anything runs', async () => {
      const before = await infra.store.headPosition();
      const result = await gql(
        `mutation { recordUoPPMeeting(input: {auditId: "a", heldOn: "2026-12-14", chairId: "aud", attendeeIds: ["priya"], notes: "what was said"}) { id } }`,
        {},
        'aud',
      );
      expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors?.[0]?.message).toMatch(/Field "notes" is not defined by type "RecordUoPPMeetingInput"/);
      expect(await infra.store.headPosition()).toBe(before);
    });
  });

  describe('logs', () => {
    let auditId: string;

    beforeAll(async () => {
      const { scheduleCycle } = await ok(`mutation { scheduleCycle(input: {name: "Dec", service: "Early Help", month: "2026-12", kloes: ["Voice of the child"]}) { id } }`, {}, 'admin');
      // BEF-1, BEF-3: the KLOE meeting and the approvals allocation asks for.
      await ok(`mutation($id: ID!) { recordKloeMeeting(input: {cycleId: $id, heldOn: "2026-11-16", attendeeIds: ["hos", "coord"]}) { id } }`, { id: scheduleCycle.id }, 'admin');
      for (const approver of ['hos', 'coord', 'dd']) await ok(`mutation($id: ID!) { approveKloes(cycleId: $id) { id } }`, { id: scheduleCycle.id }, approver);
      const allocate = `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }`;
      const input = { cycleId: scheduleCycle.id, caseRef: CASE_REF, teamId: 'north', practitionerId: 'priya', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' };
      auditId = (await ok(allocate, { input }, 'admin')).allocateAudit.id;
      lines.length = 0;

      // Commands refused for every reason there is, each carrying case data in its variables.
      const setGrade = `mutation($input: SetGradeInput!) { setGrade(input: $input) { id caseRef } }`;
      const refusals: Array<[string, Record<string, unknown>, string, string]> = [
        [setGrade, { input: { auditId, section: 'NO_SUCH_SECTION', grade: 'INADEQUATE', rationale: RATIONALE } }, 'aud', 'refused-bad-input'],
        [setGrade, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: RATIONALE } }, 'aud2', 'refused-forbidden'],
        [allocate, { input: { ...input, caseRef: OTHER_CASE_REF, practitionerId: 'nobody' } }, 'admin', 'refused-not-found'],
        [`mutation($id: ID!) { completeModeration(auditId: $id) { id } }`, { id: auditId }, 'mod', 'refused-conflict'],
        [setGrade, { input: { auditId, section: 'OVERALL', grade: 'INADEQUATE', rationale: RATIONALE } }, 'aud', 'accepted'],
        [`query($id: ID!) { audit(id: $id) { caseRef gradeHistory { rationale } } }`, { id: auditId }, 'other-prac', 'read-forbidden'],
      ];
      for (const [query, variables, as, correlationId] of refusals) await gql(query, variables, as, correlationId);

      // And a fault: the staff directory is briefly unreadable, so signing the request in fails unexpectedly.
      await infra.dataSource.query('ALTER TABLE staff RENAME TO staff_away');
      try {
        await gql(`{ me { id } }`, {}, 'priya', 'internal-fault');
      } finally {
        await infra.dataSource.query('ALTER TABLE staff_away RENAME TO staff');
      }
    });

    it('are JSON lines, one per request, with its correlation id, what was called, by whom and how it ended', () => {
      const requests = logged().filter((line) => line.msg === 'graphql');
      const byCorrelation = Object.fromEntries(requests.map((line) => [line.correlationId, line]));
      expect(byCorrelation['refused-bad-input']).toMatchObject({ level: 'info', context: 'GraphQL', operation: 'mutation', fields: ['setGrade'], staffId: 'aud', errorCodes: ['BAD_USER_INPUT'] });
      expect(byCorrelation['refused-forbidden']).toMatchObject({ fields: ['setGrade'], staffId: 'aud2', errorCodes: ['FORBIDDEN'] });
      expect(byCorrelation['refused-not-found']).toMatchObject({ fields: ['allocateAudit'], staffId: 'admin', errorCodes: ['NOT_FOUND'] });
      expect(byCorrelation['refused-conflict']).toMatchObject({ fields: ['completeModeration'], staffId: 'mod', errorCodes: ['CONFLICT'] });
      expect(byCorrelation['accepted']).toMatchObject({ fields: ['setGrade'], staffId: 'aud', errorCodes: [] });
      expect(byCorrelation['read-forbidden']).toMatchObject({ operation: 'query', fields: ['audit'], staffId: 'other-prac', errorCodes: ['FORBIDDEN'] });
      expect(byCorrelation['internal-fault']).toMatchObject({ fields: ['me'], errorCodes: ['INTERNAL_SERVER_ERROR'] });
      for (const line of requests) expect(line).toEqual(expect.objectContaining({ time: expect.any(String), correlationId: expect.any(String), durationMs: expect.any(Number) }));
    });

    it('log an unexpected fault with its stack under the same correlation id, and answer the caller without detail', () => {
      const fault = logged().find((line) => line.msg === 'unexpected error' && line.correlationId === 'internal-fault');
      expect(fault).toMatchObject({ level: 'error', context: 'GraphQL', stack: expect.stringContaining('staff') });
    });

    it('carry no case reference, name, email or rationale, whatever was refused', () => {
      expect(lines.length).toBeGreaterThanOrEqual(7);
      const leaking = lines.filter((line) => CASE_DATA.test(line));
      expect(leaking).toEqual([]);
      // Nor the variables or the messages sent back, which would carry them.
      expect(lines.filter((line) => /variables|"message"|rationale/.test(line))).toEqual([]);
    });
  });

  describe('errors', () => {
    it("tell a practitioner they may not read another's audit, and nothing of that audit", async () => {
      const { cycles } = await ok(`{ cycles { id } }`, {}, 'admin');
      const { allocateAudit } = await ok(
        `mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }`,
        { input: { cycleId: cycles[0].id, caseRef: 'EH-PRIV-5555', teamId: 'north', practitionerId: 'priya', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' } },
        'admin',
      );
      for (const query of [
        `query($id: ID!) { audit(id: $id) { caseRef } }`,
        `mutation($id: ID!) { submitAudit(auditId: $id) { caseRef } }`,
        `mutation($id: ID!) { recordPractitionerFeedback(input: {auditId: $id, comments: "x"}) { caseRef } }`,
      ]) {
        const result = await gql(query, { id: allocateAudit.id }, query.includes('submitAudit') ? 'aud2' : 'other-prac');
        expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect(JSON.stringify(result)).not.toMatch(/EH-PRIV|Priya|Secretname|priya/i);
      }
    });

    it('answer an unexpected fault with "Internal error" and its code only', async () => {
      await infra.dataSource.query('ALTER TABLE staff RENAME TO staff_away');
      try {
        const result = await gql(`{ me { id name } }`, {}, 'priya');
        expect(result).toEqual({ errors: [{ message: 'Internal error', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }], data: null });
      } finally {
        await infra.dataSource.query('ALTER TABLE staff_away RENAME TO staff');
      }
    });
  });
});
